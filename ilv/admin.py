import datetime
from decimal import Decimal

from django.contrib import admin
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from ilv.templatetags.ilv_format import format_number, short_date

# What a history page shows where there is no value, no reason or no user.
EMPTY = "–"

admin.site.site_header = _("ILV regie sociale economie – beheer")
admin.site.site_title = _("ILV-beheer")
admin.site.index_title = _("Gegevens bijhouden")
admin.site.site_url = "/"


class FormDefaultsMixin:
    """Form inputs as our users expect them in every admin page.

    Decimal inputs show and accept a decimal comma (94,15): Django only localises a form field
    when asked to, and would refuse "6,2". A website typed without scheme ("www.ecoso.be")
    becomes https://.
    """

    formfield_overrides = {
        models.DecimalField: {"localize": True},
        models.URLField: {"assume_scheme": "https"},
    }


class HistoryChanges(HistoricalRecordContextHelper):
    """The changes on a history page as our users read values elsewhere on the site.

    django-simple-history prints Python's values (21.50, 2021-10-01, True, None); here a decimal
    has a decimal comma and the field's decimals (21,50 like FTE everywhere), a date is
    dd/mm/jjjj, a yes/no field says ja or nee, a choice its label, and nothing is "–".
    """

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if isinstance(value, list):  # many-to-many: the related objects
            return ", ".join(str(item) for item in value) or EMPTY
        return shown_value(field, value)


def shown_value(field, value):
    """One field's value as text, the way the site formats it."""
    if value is None or value == "":
        return EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("ja") if value else _("nee"))
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return short_date(value)
    if isinstance(value, Decimal | float):
        return format_number(value, getattr(field, "decimal_places", None))
    return value


class HistoryAdmin(SimpleHistoryAdmin):
    """The admin of a model with history: its history page in our words and formats."""

    object_history_list_template = "admin/object_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryChanges(self.model, historical_record)
