"""Importing DWSE tables of allocations and occupancy (CSV/XLSX, Dutch column names)."""

from django.utils.translation import gettext_lazy as _
from import_export import fields

from actors.models import Organisation
from actors.resources import ORGANISATION_LOOKUPS
from contingents.models import Allocation, Measure, Occupancy
from ilv.importing import (
    BooleanWidget,
    DateWidget,
    DecimalWidget,
    LookupWidget,
    StrictModelResource,
)
from ilv.templatetags.ilv_format import allocation_fte

MEASURE_LOOKUPS = ("code__iexact", "short_name__iexact", "name__iexact")


def organisation_field():
    return fields.Field(
        attribute="organisation",
        column_name="organisatie",
        widget=LookupWidget(Organisation, ORGANISATION_LOOKUPS, label=_("organisatie")),
    )


def measure_field():
    return fields.Field(
        attribute="measure",
        column_name="maatregel",
        widget=LookupWidget(Measure, MEASURE_LOOKUPS, label=_("maatregel")),
    )


class AllocationResource(StrictModelResource):
    """A DWSE contingent table: one row per organisation, measure and date from which it holds."""

    organisation = organisation_field()
    measure = measure_field()
    valid_from = fields.Field(attribute="valid_from", column_name="vanaf", widget=DateWidget())
    fte = fields.Field(attribute="fte", column_name="vte", widget=DecimalWidget())
    phasing_out = fields.Field(
        attribute="phasing_out", column_name="in_uitdoof", widget=BooleanWidget()
    )
    deployed_outside_region = fields.Field(
        attribute="deployed_outside_region",
        column_name="niet_volledig_in_regio",
        widget=BooleanWidget(),
    )
    note = fields.Field(attribute="note", column_name="opmerking")
    source = fields.Field(attribute="source", column_name="bron", default="DWSE")

    required_columns = ("organisatie", "maatregel", "vanaf", "vte")
    create_only = True

    def existing_changed_message(self, original) -> str:
        return _(
            "%(organisation)s heeft voor %(measure)s al een toekenning vanaf %(date)s "
            "(%(fte)s VTE). Een import voegt enkel nieuwe toekenningen toe: kies een andere "
            "datum, of verbeter de bestaande toekenning in het beheer."
        ) % {
            "organisation": original.organisation,
            "measure": original.measure,
            "date": f"{original.valid_from:%d/%m/%Y}",
            "fte": allocation_fte(original),
        }

    class Meta:
        model = Allocation
        # No many-to-many columns: valid rows are written in batches, with their history.
        use_bulk = True
        fields = (
            "organisation",
            "measure",
            "valid_from",
            "fte",
            "phasing_out",
            "deployed_outside_region",
            "note",
            "source",
        )
        import_id_fields = ("organisation", "measure", "valid_from")

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        # DWSE writes "(in uitdoof)" where the FTE would be.
        value = row.get("vte")
        if isinstance(value, str) and "uitdoof" in value.casefold():
            row["vte"] = ""
            row["in_uitdoof"] = True


class OccupancyResource(StrictModelResource):
    organisation = organisation_field()
    measure = measure_field()
    quarter = fields.Field(attribute="quarter", column_name="kwartaal", widget=DateWidget())
    fte_filled = fields.Field(
        attribute="fte_filled", column_name="bezette_vte", widget=DecimalWidget()
    )
    source = fields.Field(attribute="source", column_name="bron", default="DWSE")

    required_columns = ("organisatie", "maatregel", "kwartaal", "bezette_vte")

    class Meta:
        model = Occupancy
        # No many-to-many columns: valid rows are written in batches, with their history.
        use_bulk = True
        fields = ("organisation", "measure", "quarter", "fte_filled", "source")
        import_id_fields = ("organisation", "measure", "quarter")
