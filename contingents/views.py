from dataclasses import dataclass

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Page, Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from actors.models import Organisation
from actors.queries import own_region
from contingents.filters import ContingentFilter
from contingents.models import Measure
from contingents.queries import (
    ContingentTable,
    allocation_chart,
    contingent_tables,
    latest_dates,
    organisation_history,
    recent_dates,
    regional_comparison,
)
from ilv.exports import chosen_filters, csv_number, csv_response, csv_text

READ = "contingents.view_allocation"
# How many of the latest allocation dates the filter offers to tick.
RECENT_DATES = 6
# Rows of a contingent table per page (a province has hundreds of organisations per measure).
TABLE_ROWS = 100


def _tables(request, *, only: Measure | None = None):
    """The filter and the tables it selects: the one computation behind the page and its CSVs.
    Without a region in the query, the reader's own region is shown."""
    filterset = ContingentFilter(
        request.GET, queryset=Organisation.objects.all(), region=own_region(request)
    )
    chosen = filterset.chosen
    measures = (
        [only]
        if only
        else list(chosen.get("maatregel") or Measure.objects.select_related("successor"))
    )
    # The organisations shown, by id: read once, then an index lookup in every query below.
    organisations = (
        list(filterset.qs.values_list("pk", flat=True)) if filterset.selects_organisations else None
    )
    if chosen.get("datum"):
        dates = {m.pk: chosen["datum"] for m in measures}
    else:
        # The latest dates of the organisations shown, not of every region's.
        dates = latest_dates(measures, organisations=organisations)
    tables = contingent_tables(
        measures=measures, dates_by_measure=dates, organisations=organisations
    )
    return filterset, measures, tables


@dataclass
class ShownTable:
    """A contingent table with the page of its rows on screen (totals are the whole table's)."""

    table: ContingentTable
    page: Page
    previous_url: str | None
    next_url: str | None


def _paged(request, tables) -> list[ShownTable]:
    """Each table paged on its own (``?pagina-lde=2``), the other query parameters kept."""
    shown = []
    for table in tables:
        name = f"pagina-{table.measure.code}"
        page = Paginator(table.rows, TABLE_ROWS).get_page(request.GET.get(name))

        def link(number, name=name, anchor=table.measure.code):
            query = request.GET.copy()
            query[name] = number
            return f"?{query.urlencode()}#{anchor}"

        shown.append(
            ShownTable(
                table,
                page,
                link(page.previous_page_number()) if page.has_previous() else None,
                link(page.next_page_number()) if page.has_next() else None,
            )
        )
    return shown


@require_safe
@permission_required(READ, raise_exception=True)
def dashboard(request):
    filterset, measures, tables = _tables(request)
    shown = {table.measure.pk for table in tables}
    comparison = regional_comparison()
    if comparison and comparison.measure not in measures:
        comparison = None
    # The recent allocation dates to tick, and the dates chosen (ticked or picked): every other
    # day is one date picker away (ten years of allocations are thousands of dates).
    recent = recent_dates(RECENT_DATES)
    chosen_dates = filterset.chosen.get("datum") or []
    context = {
        "filterset": filterset,
        "tables": _paged(request, tables),
        # A chosen date is a day on which the figures hold, not one on which an allocation took
        # effect as the default dates are: its column reads "op", not "vanaf".
        "dates_chosen": bool(filterset.chosen.get("datum")),
        "without_allocations": [m for m in measures if m.pk not in shown],
        "comparison": comparison,
        "known_dates": sorted(set(recent) | set(chosen_dates)),
        # Older dates exist once the six offered are not all there is.
        "older_dates": len(recent) == RECENT_DATES,
        # What the user ticked or picked stays on the form, as a ticked date.
        "ticked_dates": {f"{d:%d/%m/%Y}" for d in chosen_dates},
        "query": request.GET.urlencode(),
    }
    return render(request, "contingents/dashboard.html", context)


@require_safe
@permission_required(READ, raise_exception=True)
def table_csv(request, code):
    measure = get_object_or_404(Measure, code=code)
    filterset, _measures, tables = _tables(request, only=measure)
    header = [_("Organisatie"), _("Hoofdkantoor")]
    rows = []
    if tables:
        table = tables[0]
        if measure.counts_fte:
            # As on the page: "op" a chosen date, "vanaf" a date on which allocations took effect.
            heading = (
                _("VTE op %(date)s") if filterset.chosen.get("datum") else _("VTE vanaf %(date)s")
            )
            header += [heading % {"date": f"{d:%d/%m/%Y}"} for d in table.dates]
            header += [_("In uitdoof"), _("Niet volledig in de regio ingezet")]
            if table.has_occupancy:
                header += [_("Bezet (kwartaal)"), _("Bezette VTE"), _("Bezettingsgraad (%)")]
        else:
            header += [_("Erkend vanaf")]
        for row in table.rows:
            line = [row.organisation.name, row.organisation.headquarters]
            if measure.counts_fte:
                line += [_csv_fte(cell) for cell in row.cells]
                line += [_yes(any(c and c.phasing_out for c in row.cells))]
                line += [_yes(row.deployed_outside_region)]
                if table.has_occupancy:
                    occupancy = row.occupancy
                    line += [
                        occupancy.quarter_label if occupancy else "",
                        csv_number(occupancy.fte_filled) if occupancy else "",
                        csv_number(row.occupancy_rate, 1),
                    ]
            else:
                line += [f"{row.current.valid_from:%d/%m/%Y}" if row.current else ""]
            rows.append(line)
        if measure.counts_fte:
            rows.append([_("Totaal"), "", *[csv_number(total) for total in table.totals]])
    filename = f"contingent-{measure.code}.csv"
    return csv_response(filename, header, rows, filters=chosen_filters(filterset))


@require_safe
@permission_required(READ, raise_exception=True)
def comparison_csv(request):
    comparison = regional_comparison()
    header = [
        _("Regierol"),
        _("Aantal ondernemingen"),
        _("% aantal ondernemingen"),
        _("VTE"),
        _("% VTE"),
    ]
    rows = []
    if comparison:
        for row in comparison.rows:
            rows.append(
                [
                    row.comparison.region.name,
                    csv_number(row.comparison.enterprises, 0),
                    csv_number(row.enterprises_share, 1),
                    csv_number(row.comparison.fte, 3),
                    csv_number(row.fte_share, 1),
                ]
            )
        if comparison.total:
            rows.append(
                [
                    _("Vlaanderen"),
                    csv_number(comparison.total.enterprises, 0),
                    csv_number(100, 1),
                    csv_number(comparison.total.fte, 3),
                    csv_number(100, 1),
                ]
            )
    return csv_response("contingent-regio-vergelijking.csv", header, rows)


@require_safe
@permission_required(READ, raise_exception=True)
def organisation(request, pk):
    organisation = get_object_or_404(
        Organisation.objects.select_related("headquarters_municipality").prefetch_related(
            "active_in"
        ),
        pk=pk,
    )
    history = organisation_history(organisation)
    context = {
        "organisation": organisation,
        "history": history,
        "chart": allocation_chart(history, today=timezone.localdate()),
        "applications": organisation.applications.select_related("call", "call__measure"),
        "occupancies": organisation.occupancies.select_related("measure").order_by(
            "measure__position", "-quarter"
        ),
    }
    return render(request, "contingents/organisation.html", context)


def _csv_fte(cell):
    if cell is None:
        return ""
    if cell.fte is None:
        return csv_text(_("in uitdoof")) if cell.phasing_out else ""
    return csv_number(cell.fte)


def _yes(flag: bool) -> str:
    return _("ja") if flag else _("nee")
