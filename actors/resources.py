"""CSV/XLSX import and export of organisations and labour-market figures (Dutch column names)."""

from django.utils.translation import gettext_lazy as _
from import_export import fields

from actors.models import LabourMarketFigure, Municipality, Organisation, Region, Sector
from ilv.importing import (
    BooleanWidget,
    ChoiceWidget,
    DecimalWidget,
    ImportFileError,
    LookupWidget,
    ManyLookupWidget,
    MonthWidget,
    StrictModelResource,
)

MUNICIPALITY_LOOKUPS = ("name__iexact", "nis_code")
# An organisation by its name or by another name a source uses for it (OrganisationAlias).
ORGANISATION_LOOKUPS = ("name__iexact", "aliases__name__iexact")


class OrganisationResource(StrictModelResource):
    name = fields.Field(attribute="name", column_name="naam")
    kind = fields.Field(
        attribute="kind",
        column_name="soort",
        widget=ChoiceWidget(Organisation.Kind.choices, label=_("soort organisatie")),
    )
    headquarters = fields.Field(attribute="headquarters", column_name="hoofdkantoor")
    headquarters_municipality = fields.Field(
        attribute="headquarters_municipality",
        column_name="gemeente_hoofdkantoor",
        widget=LookupWidget(Municipality, MUNICIPALITY_LOOKUPS, label=_("gemeente")),
    )
    active_in = fields.Field(
        attribute="active_in",
        column_name="actief_in",
        widget=ManyLookupWidget(Municipality, field="name", label=_("gemeente")),
    )
    enterprise_number = fields.Field(
        attribute="enterprise_number", column_name="ondernemingsnummer"
    )
    website = fields.Field(attribute="website", column_name="website")
    sectors = fields.Field(
        attribute="sectors",
        column_name="sectoren",
        widget=ManyLookupWidget(Sector, field="name", label=_("sector")),
    )
    description = fields.Field(attribute="description", column_name="beschrijving")

    required_columns = ("naam",)

    class Meta:
        model = Organisation
        fields = (
            "name",
            "kind",
            "headquarters",
            "headquarters_municipality",
            "active_in",
            "enterprise_number",
            "website",
            "sectors",
            "description",
        )
        import_id_fields = ("name",)


# Markers with which VDAB and our users write a figure that is withheld for privacy.
WITHHELD_MARKERS = {"*", "x", "afgeschermd", "geheim"}


class LabourMarketFigureResource(StrictModelResource):
    municipality = fields.Field(
        attribute="municipality",
        column_name="gemeente",
        widget=LookupWidget(Municipality, MUNICIPALITY_LOOKUPS, label=_("gemeente")),
    )
    region = fields.Field(
        attribute="region",
        column_name="regio",
        widget=LookupWidget(Region, ("name__iexact",), label=_("regio")),
    )
    indicator = fields.Field(
        attribute="indicator",
        column_name="indicator",
        widget=ChoiceWidget(LabourMarketFigure.Indicator.choices, label=_("indicator")),
    )
    reference_month = fields.Field(
        attribute="reference_month", column_name="maand", widget=MonthWidget()
    )
    value = fields.Field(attribute="value", column_name="waarde", widget=DecimalWidget())
    is_withheld = fields.Field(
        attribute="is_withheld", column_name="afgeschermd", widget=BooleanWidget()
    )
    source = fields.Field(attribute="source", column_name="bron", default="VDAB, Arvastat")

    required_columns = ("indicator", "maand", "waarde")
    area_columns = ("gemeente", "regio")

    class Meta:
        model = LabourMarketFigure
        # No many-to-many columns: valid rows are written in batches, with their history.
        use_bulk = True
        fields = (
            "municipality",
            "region",
            "indicator",
            "reference_month",
            "value",
            "is_withheld",
            "source",
        )
        import_id_fields = ("municipality", "region", "indicator", "reference_month")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        present = [c for c in self.area_columns if c in dataset.headers]
        if not present:
            raise ImportFileError(
                _("Het bestand heeft een kolom “gemeente” of “regio” nodig (of beide).")
            )
        # A file about municipalities only needs no empty "regio" column, and vice versa.
        for column in self.area_columns:
            if column not in dataset.headers:
                dataset.append_col([""] * dataset.height, header=column)

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        value = row.get("waarde")
        self._marked_withheld = (
            isinstance(value, str) and value.strip().casefold() in WITHHELD_MARKERS
        )
        if self._marked_withheld:
            row["waarde"] = ""

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if row.get("afgeschermd") in (None, ""):
            # No explicit column: the value cell decides, so a figure that was withheld last month
            # and has a value now is no longer marked withheld.
            instance.is_withheld = self._marked_withheld

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # An empty cell in the source stays empty: no figure, and certainly not zero.
        if not import_validation_errors and instance.value is None and not instance.is_withheld:
            return True
        return super().skip_row(instance, original, row, import_validation_errors)
