"""Spreadsheets of participants and registrations for the regisseur (CSV and XLSX exports)."""

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from events.models import Registration, SessionChoice
from ilv.importing import BooleanWidget


class SessionChoiceResource(resources.ModelResource):
    """Participants per workshop for a spreadsheet: who, which workshop, seat or waiting, came."""

    event = fields.Field(attribute="session__event__title", column_name=_("evenement"))
    workshop = fields.Field(attribute="session__title", column_name=_("workshop"))
    room = fields.Field(attribute="session__room", column_name=_("zaal"))
    name = fields.Field(attribute="registration__name", column_name=_("naam"))
    email = fields.Field(attribute="registration__email", column_name=_("e-mailadres"))
    organisation = fields.Field(
        attribute="registration__organisation_name", column_name=_("organisatie")
    )
    status = fields.Field(attribute="get_status_display", column_name=_("status"))
    attended = fields.Field(attribute="attended", column_name=_("aanwezig"), widget=BooleanWidget())

    class Meta:
        model = SessionChoice
        fields = (
            "event",
            "workshop",
            "room",
            "name",
            "email",
            "organisation",
            "status",
            "attended",
        )
        export_order = fields


class RegistrationResource(resources.ModelResource):
    """Registrations for a spreadsheet; never the secret behind the personal link."""

    event = fields.Field(attribute="event__title", column_name=_("evenement"))
    name = fields.Field(attribute="name", column_name=_("naam"))
    email = fields.Field(attribute="email", column_name=_("e-mailadres"))
    organisation = fields.Field(attribute="organisation_name", column_name=_("organisatie"))
    kind = fields.Field(
        attribute="get_organisation_type_display", column_name=_("soort organisatie")
    )
    status = fields.Field(attribute="get_status_display", column_name=_("status"))
    registered = fields.Field(attribute="registered_at", column_name=_("ingeschreven op"))
    address = fields.Field(attribute="shipping_address", column_name=_("verzendadres"))

    class Meta:
        model = Registration
        fields = (
            "event",
            "name",
            "email",
            "organisation",
            "kind",
            "status",
            "registered",
            "address",
        )
        export_order = fields
