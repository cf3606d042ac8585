from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from actors.models import LabourMarketFigure
from actors.queries import (
    home_region,
    latest_municipality_month,
    latest_region_month,
    municipality_year_on_year,
    region_key_figures,
    year_before,
)
from reports.queries.overview import (
    contingent_summary,
    contingent_warnings,
    decision_warnings,
    meeting_warnings,
    open_decisions,
    overview_plan,
    plan_progress,
    plan_warnings,
    trends,
    upcoming,
)


@require_safe
@permission_required("actors.view_labourmarketfigure", raise_exception=True)
def home(request):
    """The overview after login: the region's labour market and its trend, the contingents, the
    action plan's progress, what comes next and what needs attention."""
    today = timezone.localdate()
    region = home_region(request)
    context = {"region": region, "today": today}
    if region is not None:
        latest = latest_region_month(region)
        if latest:
            context["key_figures"] = region_key_figures(region, [year_before(latest), latest])
            context["trends"] = trends(region, region.name, latest)
        jobseekers = LabourMarketFigure.Indicator.JOBSEEKERS
        month = latest_municipality_month(region, jobseekers)
        if month:
            context["jobseekers"] = municipality_year_on_year(region, jobseekers, month)
        else:
            context["members"] = region.municipalities.order_by("name")
    summary = contingent_summary(today, region)
    plan = overview_plan(today)
    decisions = open_decisions(request.user, today)
    context.update(
        contingents=summary,
        plan=plan,
        progress=plan_progress(plan) if plan else [],
        upcoming=upcoming(request.user, today),
        decisions=decisions,
        warnings=[
            *decision_warnings(decisions),
            *plan_warnings(plan, region),
            *meeting_warnings(today.year),
            *contingent_warnings(summary),
        ],
    )
    return render(request, "home.html", context)
