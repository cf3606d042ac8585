from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
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


@require_safe
@permission_required("actors.view_labourmarketfigure", raise_exception=True)
def home(request):
    """The landing page after login: the region, its municipalities and its labour market."""
    region = home_region(request)
    context = {"region": region}
    if region is not None:
        latest = latest_region_month(region)
        if latest:
            context["key_figures"] = region_key_figures(region, [year_before(latest), latest])
        jobseekers = LabourMarketFigure.Indicator.JOBSEEKERS
        month = latest_municipality_month(region, jobseekers)
        if month:
            context["jobseekers"] = municipality_year_on_year(region, jobseekers, month)
        else:
            context["members"] = region.municipalities.order_by("name")
    return render(request, "home.html", context)
