from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from actors.models import Organisation
from contingents.models import (
    Allocation,
    Application,
    Call,
    FlandersTotal,
    Measure,
    Occupancy,
    RegionalComparison,
)
from contingents.resources import AllocationResource, OccupancyResource
from ilv.admin import FormDefaultsMixin, HistoryAdmin
from ilv.import_admin import SafeImportMixin
from ilv.templatetags.ilv_format import allocation_fte, short_date


@admin.register(Measure)
class MeasureAdmin(HistoryAdmin):
    list_display = ["name", "short_name", "code", "counts_fte", "phase", "successor", "position"]
    list_editable = ["position"]
    search_fields = ["name", "short_name", "code"]
    prepopulated_fields = {"code": ["short_name"]}


@admin.register(Allocation)
class AllocationAdmin(FormDefaultsMixin, SafeImportMixin, ImportExportMixin, HistoryAdmin):
    resource_classes = [AllocationResource]
    # What fits next to the admin's menu and filters at 1280 px: the call, source and note are
    # on the change page, "not fully in our region" and "in uitdoof" are filters. The admin
    # keeps a foreign key or a date on one line, so the organisation (which may be long) and
    # the date are shown by methods, which wrap and write 01/04/2021.
    list_display = ["organisation_name", "measure", "shown_valid_from", "shown_fte"]
    list_filter = [
        "measure",
        "valid_from",
        "phasing_out",
        "deployed_outside_region",
        "organisation__kind",
    ]
    search_fields = ["organisation__name", "organisation__aliases__name", "note"]
    search_help_text = _("Zoek op organisatie (ook een andere naam) of in de opmerking.")
    list_select_related = ["organisation", "measure", "call"]
    autocomplete_fields = ["organisation", "call"]
    date_hierarchy = "valid_from"
    # Tens of thousands of allocations: no second count of the whole table, and the newest
    # first along an index (the model's order by measure and organisation name joins and sorts
    # them all).
    show_full_result_count = False
    ordering = ["-valid_from", "-id"]

    def get_search_results(self, request, queryset, search_term):
        """The organisations that match by name or another name, looked up first in their own
        tables; the allocations then by those ids (an index), or by their note. No join that
        repeats rows, so no DISTINCT over the whole list."""
        term = search_term.strip()
        if not term:
            return queryset, False
        organisations = Organisation.objects.filter(
            Q(name__icontains=term) | Q(aliases__name__icontains=term)
        ).values("pk")
        return queryset.filter(Q(organisation__in=organisations) | Q(note__icontains=term)), False

    @admin.display(description=_("organisatie"), ordering="organisation__name")
    def organisation_name(self, obj):
        return obj.organisation.name

    @admin.display(description=_("vanaf"), ordering="valid_from")
    def shown_valid_from(self, obj):
        return short_date(obj.valid_from)

    @admin.display(description=_("VTE"), ordering="fte")
    def shown_fte(self, obj):
        return allocation_fte(obj)


class ApplicationInline(FormDefaultsMixin, admin.StackedInline):
    model = Application
    extra = 0
    autocomplete_fields = ["organisation", "allocation"]
    fields = [
        ("organisation", "status"),
        ("requested_fte", "granted_fte"),
        "purpose",
        "allocation",
        "note",
    ]


@admin.register(Call)
class CallAdmin(FormDefaultsMixin, HistoryAdmin):
    list_display = ["name", "measure", "kind", "opened_on", "total_fte", "effective_from"]
    list_filter = ["measure", "kind"]
    search_fields = ["name", "description"]
    date_hierarchy = "opened_on"
    inlines = [ApplicationInline]


@admin.register(Application)
class ApplicationAdmin(FormDefaultsMixin, HistoryAdmin):
    list_display = ["organisation", "call", "status", "requested_fte", "granted_fte"]
    list_filter = ["call", "status"]
    search_fields = ["organisation__name", "call__name", "purpose"]
    list_select_related = ["organisation", "call"]
    autocomplete_fields = ["organisation", "call", "allocation"]


@admin.register(Occupancy)
class OccupancyAdmin(FormDefaultsMixin, SafeImportMixin, ImportExportMixin, HistoryAdmin):
    resource_classes = [OccupancyResource]
    list_display = ["organisation", "measure", "quarter_label", "fte_filled", "source"]
    list_filter = ["measure", "quarter"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "measure"]
    autocomplete_fields = ["organisation"]

    @admin.display(description=_("kwartaal"), ordering="quarter")
    def quarter_label(self, obj):
        return obj.quarter_label


@admin.register(RegionalComparison)
class RegionalComparisonAdmin(FormDefaultsMixin, HistoryAdmin):
    list_display = ["region", "measure", "reference_date", "enterprises", "fte", "source"]
    list_filter = ["measure", "reference_date"]
    list_select_related = ["region", "measure"]


@admin.register(FlandersTotal)
class FlandersTotalAdmin(FormDefaultsMixin, HistoryAdmin):
    list_display = ["measure", "reference_date", "enterprises", "fte", "source", "note"]
    list_filter = ["measure"]
    list_select_related = ["measure"]
