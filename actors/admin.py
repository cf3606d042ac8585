import datetime

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from actors.access import ROLE_OF_BODY_KIND
from actors.models import (
    Body,
    LabourMarketFigure,
    Membership,
    Municipality,
    Organisation,
    OrganisationAlias,
    Person,
    Region,
    Sector,
)
from actors.resources import LabourMarketFigureResource, OrganisationResource
from ilv.admin import FormDefaultsMixin, HistoryAdmin
from ilv.import_admin import SafeImportMixin
from ilv.params import whole_number
from ilv.templatetags.ilv_format import number, percent


@admin.register(Municipality)
class MunicipalityAdmin(HistoryAdmin):
    list_display = ["name", "nis_code"]
    search_fields = ["name", "nis_code"]
    list_filter = ["regions"]


class RegionForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = ["name", "lead_municipality", "municipalities", "is_home"]

    def clean(self):
        cleaned = super().clean()
        lead = cleaned.get("lead_municipality")
        members = cleaned.get("municipalities")
        if lead and members is not None and lead not in members:
            raise ValidationError(
                {
                    "lead_municipality": _(
                        "De beherende gemeente moet een deelnemende gemeente zijn."
                    )
                }
            )
        return cleaned


@admin.register(Region)
class RegionAdmin(HistoryAdmin):
    form = RegionForm
    list_display = ["name", "lead_municipality", "member_count", "is_home"]
    list_filter = ["is_home"]
    search_fields = ["name"]
    filter_horizontal = ["municipalities"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("lead_municipality")
            .annotate(member_count=Count("municipalities"))
        )

    @admin.display(description=_("gemeenten"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class OrganisationAliasInline(admin.TabularInline):
    model = OrganisationAlias
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(FormDefaultsMixin, SafeImportMixin, ImportExportMixin, HistoryAdmin):
    resource_classes = [OrganisationResource]
    list_display = [
        "name",
        "kind",
        "headquarters",
        "headquarters_municipality",
        "enterprise_number",
        "in_catalogue",
    ]
    list_filter = ["kind", "in_catalogue", "active_in", "sectors"]
    search_fields = ["name", "aliases__name", "headquarters", "enterprise_number"]
    list_select_related = ["headquarters_municipality"]
    filter_horizontal = ["active_in", "sectors"]
    inlines = [OrganisationAliasInline]
    fieldsets = [
        (None, {"fields": ["name", "kind", "description"]}),
        (
            _("Ligging"),
            {"fields": ["headquarters", "headquarters_municipality", "active_in"]},
        ),
        (_("Gegevens"), {"fields": ["enterprise_number", "sectors"]}),
        (
            _("Digitale brochure (publiek)"),
            {
                "fields": [
                    "in_catalogue",
                    "offer",
                    "public_address",
                    "public_phone",
                    "public_email",
                    "website",
                ],
                "description": _(
                    "Alles in dit blok is voor iedereen zichtbaar op /organisaties/ en in de "
                    "pdf-brochure zodra “in de digitale brochure” aangevinkt is, samen met de "
                    "naam, de andere namen, het hoofdkantoor, de gemeenten waar de organisatie "
                    "actief is, de sectoren en de maatregelen waarvoor ze nu erkend is. De "
                    "beschrijving, het ondernemingsnummer en de personen blijven intern."
                ),
            },
        ),
    ]


class MembershipFormSet(forms.BaseInlineFormSet):
    """Checks the new and changed rows against each other, not only against the database."""

    def clean(self):
        super().clean()
        rows = [
            form.instance
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        for i, membership in enumerate(rows):
            for other in rows[i + 1 :]:
                problem = membership.conflicts_with(other)
                if problem:
                    raise ValidationError(problem)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["person", "role", "municipality", "start_date", "end_date"]
    formset = MembershipFormSet

    def get_queryset(self, request):
        # As in Annex 1 of the report: chair, vice-chair, members, secretariat.
        return (
            super()
            .get_queryset(request)
            .select_related("person", "person__municipality", "person__organisation", "body")
            .in_protocol_order()
        )


@admin.register(Body)
class BodyAdmin(HistoryAdmin):
    list_display = [
        "name",
        "kind",
        "organiser",
        "min_meetings_per_year",
        "started_on",
        "member_count",
    ]
    list_filter = ["kind", "region"]
    search_fields = ["name", "organiser"]
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(description=_("leden"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count


@admin.register(Person)
class PersonAdmin(HistoryAdmin):
    list_display = ["name", "organisation", "municipality", "function", "email", "user"]
    list_filter = ["municipality", "memberships__body", ("user", admin.EmptyFieldListFilter)]
    search_fields = ["name", "email", "function", "organisation__name"]
    list_select_related = ["organisation", "municipality", "user"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["reads_as"]

    @admin.display(description=_("leest vandaag als"))
    def reads_as(self, obj):
        """The roles the person's current seats give the login (actors/access.py)."""
        if obj.pk is None:
            return "–"
        today = timezone.localdate()
        kinds = set(obj.memberships.active_on(today).values_list("body__kind", flat=True))
        names = [Body.Kind(kind).label for kind in ROLE_OF_BODY_KIND if kind in kinds]
        if not names:
            return _("geen lezersrol: de persoon zit vandaag niet in stuurgroep of beheerscomité")
        return ", ".join(str(name) for name in names)


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["person", "body", "role", "municipality", "start_date", "end_date"]
    list_filter = ["body", "role", "municipality"]
    search_fields = ["person__name", "body__name"]
    list_select_related = ["person", "person__municipality", "body", "municipality"]
    autocomplete_fields = ["person", "body"]


class ReferenceYearFilter(admin.SimpleListFilter):
    """The years from the first to the last month known: two ends of an index, where the date
    hierarchy reads every row of the table for its list of years."""

    title = _("jaar")
    parameter_name = "jaar"

    def lookups(self, request, model_admin):
        span = LabourMarketFigure.objects.aggregate(
            first=Min("reference_month"), last=Max("reference_month")
        )
        if span["first"] is None:
            return []
        years = range(span["last"].year, span["first"].year - 1, -1)
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        year = whole_number(self.value(), minimum=1, maximum=9998)
        if year is None:
            return queryset
        return queryset.filter(
            reference_month__gte=datetime.date(year, 1, 1),
            reference_month__lt=datetime.date(year + 1, 1, 1),
        )


class ReferenceMonthFilter(admin.SimpleListFilter):
    """A month of the year (with the year filter: one month's figures)."""

    title = _("maand")
    parameter_name = "maand"

    def lookups(self, request, model_admin):
        return [
            (str(month), date_format(datetime.date(2000, month, 1), "F")) for month in range(1, 13)
        ]

    def queryset(self, request, queryset):
        month = self.value()
        if month not in {str(m) for m in range(1, 13)}:
            return queryset
        return queryset.filter(reference_month__month=int(month))


@admin.register(LabourMarketFigure)
class LabourMarketFigureAdmin(FormDefaultsMixin, SafeImportMixin, ImportExportMixin, HistoryAdmin):
    resource_classes = [LabourMarketFigureResource]
    list_display = ["indicator", "area", "month", "shown_value", "source"]
    # No filter that lists every month or every municipality (the search finds a municipality by
    # name or NIS code), and years and months without the date hierarchy's scan of the table.
    list_filter = [
        ReferenceYearFilter,
        ReferenceMonthFilter,
        "indicator",
        "region",
        "is_withheld",
    ]
    search_fields = ["municipality__name", "municipality__nis_code", "region__name"]
    search_help_text = _("Zoek op gemeente (naam of NIS-code) of regio.")
    list_select_related = ["municipality", "region"]
    # Hundreds of thousands of figures: no second count of the whole table, no sort on a join.
    show_full_result_count = False
    ordering = ["-reference_month", "indicator", "pk"]

    def get_search_results(self, request, queryset, search_term):
        """The municipalities and regions that match, looked up first in their small tables; the
        figures then by those ids (their indexes), not by a text search across a join."""
        term = search_term.strip()
        if not term:
            return queryset, False
        # As lists of ids: PostgreSQL then combines the two indexes (a bitmap OR) for the page
        # and its count, where two subqueries joined by OR read all the figures.
        municipalities = list(
            Municipality.objects.filter(
                Q(name__icontains=term) | Q(nis_code__startswith=term)
            ).values_list("pk", flat=True)
        )
        regions = list(Region.objects.filter(name__icontains=term).values_list("pk", flat=True))
        return queryset.filter(Q(municipality__in=municipalities) | Q(region__in=regions)), False

    @admin.display(description=_("gemeente of regio"))
    def area(self, obj):
        return obj.area

    @admin.display(description=_("maand"), ordering="reference_month")
    def month(self, obj):
        return obj.reference_month.strftime("%m/%Y")

    @admin.display(description=_("waarde"), ordering="value")
    def shown_value(self, obj):
        if obj.is_withheld:
            return _("afgeschermd")
        return percent(obj.value) if obj.is_percentage else number(obj.value)
