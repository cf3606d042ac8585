from django.contrib.auth.decorators import permission_required
from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
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
from reports.queries.version import data_version

# How long the region's part of the overview is trusted for its data version (a write that the
# fingerprint cannot see shows after this; see reports.queries.version).
REGION_PART_SECONDS = 300


def region_part(today, region) -> dict:
    """What the overview shows the same to every reader: the labour market, the contingents, the
    plan's progress and the warnings about them (about twenty queries)."""
    part = {}
    if region is not None:
        latest = latest_region_month(region)
        if latest:
            part["key_figures"] = region_key_figures(region, [year_before(latest), latest])
            part["trends"] = trends(region, region.name, latest)
        jobseekers = LabourMarketFigure.Indicator.JOBSEEKERS
        month = latest_municipality_month(region, jobseekers)
        if month:
            part["jobseekers"] = municipality_year_on_year(region, jobseekers, month)
        else:
            part["members"] = list(region.municipalities.order_by("name"))
    summary = contingent_summary(today, region)
    plan = overview_plan(today)
    part.update(
        contingents=summary,
        plan=plan,
        progress=plan_progress(plan) if plan else [],
        region_warnings=[
            *plan_warnings(plan, region),
            *meeting_warnings(today.year, region),
            *contingent_warnings(summary),
        ],
    )
    return part


def _kept_region_part(today, region) -> dict:
    """``region_part``, kept per day, region and data version (one query when nothing changed:
    the fingerprint of the report's data, which covers everything the part reads)."""
    region_key = region.pk if region else 0
    key = f"overview:region:{today}:{region_key}:{get_language()}:{data_version()}"
    part = cache.get(key)
    if part is None:
        part = region_part(today, region)
        cache.set(key, part, timeout=REGION_PART_SECONDS)
    return part


@require_safe
@permission_required("actors.view_labourmarketfigure", raise_exception=True)
def home(request):
    """The overview after login: the region's labour market and its trend, the contingents, the
    action plan's progress, what comes next and what needs attention."""
    today = timezone.localdate()
    region = home_region(request)
    context = {"region": region, "today": today, **_kept_region_part(today, region)}
    decisions = open_decisions(request.user, today)
    context.update(
        upcoming=upcoming(request.user, today),
        decisions=decisions,
        warnings=[*decision_warnings(decisions), *context.pop("region_warnings")],
    )
    return render(request, "home.html", context)
