"""The municipalities for the stuurgroep and the beheerscomité: the list (with its CSV) and one
municipality's page."""

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from actors.models import Municipality
from actors.queries import KEY_INDICATORS, home_region, latest_month
from ilv.exports import chosen_filters, csv_number, csv_response
from reports.filters import MunicipalityFilter
from reports.queries.municipalities import (
    latest_jobseekers_month,
    municipality_actions,
    municipality_contingents,
    municipality_rows,
    representatives,
    rows_of,
)
from reports.queries.overview import overview_plan, trends

READ = "actors.view_municipality"
PER_PAGE = 50


def _filtered(request):
    """The filter, the annotated municipalities it selects and the month of their figures."""
    filterset = MunicipalityFilter(request.GET or None, queryset=Municipality.objects.all())
    today = timezone.localdate()
    month = latest_jobseekers_month()
    return filterset, municipality_rows(filterset.qs, month=month, today=today), month, today


@require_safe
@permission_required(READ, raise_exception=True)
def municipality_list(request):
    filterset, municipalities, month, today = _filtered(request)
    page = Paginator(municipalities, PER_PAGE).get_page(request.GET.get("pagina"))
    plan = overview_plan(today)
    context = {
        "filterset": filterset,
        "page": page,
        "rows": rows_of(page, plan, home_region(request)),
        "month": month,
        "plan": plan,
    }
    return render(request, "reports/municipalities.html", context)


@require_safe
@permission_required(READ, raise_exception=True)
def municipality_csv(request):
    filterset, municipalities, month, today = _filtered(request)
    plan = overview_plan(today)
    header = [_("Gemeente"), _("NIS-code")]
    if month:
        header += [
            _("Werkzoekenden %(month)s") % {"month": f"{month:%m/%Y}"},
            _("Jaarverschil (%)"),
        ]
    header += [_("Actieve organisaties"), _("Vertegenwoordigers")]
    if plan:
        header += [_("Acties %(year)s") % {"year": plan.year}]
    rows = []
    for row in rows_of(municipalities, plan, home_region(request)):
        line = [row.municipality.name, row.municipality.nis_code]
        if month:
            jobseekers = csv_number(row.current.value, 0)
            if row.current.is_withheld:
                jobseekers = _("afgeschermd")
            line += [jobseekers, csv_number(row.change, 1)]
        line += [row.organisations, row.representatives]
        if plan:
            line += [row.actions]
        rows.append(line)
    return csv_response("gemeenten.csv", header, rows, filters=chosen_filters(filterset))


@require_safe
@permission_required(READ, raise_exception=True)
def municipality_detail(request, nis_code):
    municipality = get_object_or_404(
        Municipality.objects.prefetch_related("regions"), nis_code=nis_code
    )
    today = timezone.localdate()
    latest = latest_month(municipality)
    tables, without_contingent = municipality_contingents(municipality, today)
    context = {
        "municipality": municipality,
        # Every key figure the source has for the municipality (VDAB publishes few per
        # municipality): a chart for each indicator with at least one month.
        "trends": [
            trend
            for trend in trends(municipality, municipality.name, latest, KEY_INDICATORS)
            if trend.known
        ]
        if latest
        else [],
        "tables": tables,
        "without_contingent": without_contingent,
        "plans": municipality_actions(municipality, home_region(request)),
        "representatives": representatives(municipality, today),
    }
    return render(request, "reports/municipality.html", context)
