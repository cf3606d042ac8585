import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from actors.models import Municipality, Organisation, Region
from contingents.models import Measure
from ilv.params import whole_number

MAX_DATES = 6


class DateListField(forms.Field):
    """Several dates under one name (?datum=01/04/2021&datum=01/10/2021), as dd/mm/jjjj or ISO."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        values = [v for v in (value if isinstance(value, list | tuple) else [value]) if v.strip()]
        if len(values) > MAX_DATES:
            raise ValidationError(
                _("Kies hoogstens %(max)s peildatums.") % {"max": MAX_DATES}, code="too_many"
            )
        dates = set()
        for text in values:
            date = parse_filter_date(text)
            if date is None:
                raise ValidationError(
                    _("“%(value)s” is geen geldige datum; schrijf dd/mm/jjjj."),
                    code="invalid",
                    params={"value": text.strip()},
                )
            dates.add(date)
        return sorted(dates)


def parse_filter_date(text: str) -> datetime.date | None:
    """A date typed in a filter (dd/mm/jjjj, or ISO from a link); None if it is none."""
    for fmt in get_format("DATE_INPUT_FORMATS"):
        try:
            return datetime.datetime.strptime(text.strip(), fmt).date()  # noqa: DTZ007 (a date)
        except ValueError:
            continue
    return None


class DateListFilter(django_filters.Filter):
    field_class = DateListField


class ContingentFilter(django_filters.FilterSet):
    """Filters of the contingent dashboard and its CSV export (one definition for both).

    ``gemeente`` and ``soort`` narrow the organisations; ``maatregel`` and ``datum`` choose which
    tables and which reference dates are shown, so they leave the organisations as they are.
    """

    maatregel = django_filters.ModelMultipleChoiceFilter(
        queryset=Measure.objects.select_related("successor"),
        to_field_name="code",
        label=_("Maatregel"),
        widget=forms.CheckboxSelectMultiple,
        method="choose_only",
    )
    datum = DateListFilter(label=_("Peildatum"), method="choose_only")
    regio = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(),
        label=_("Regio"),
        empty_label=_("Alle regio's"),
        method="in_region",
    )
    gemeente = django_filters.ModelChoiceFilter(
        field_name="active_in",
        queryset=Municipality.objects.all(),
        to_field_name="nis_code",
        label=_("Actief in gemeente"),
        empty_label=_("Alle gemeenten"),
        distinct=True,
    )
    soort = django_filters.ChoiceFilter(
        field_name="kind",
        choices=Organisation.Kind.choices,
        label=_("Soort organisatie"),
        empty_label=_("Alle soorten"),
    )

    class Meta:
        model = Organisation
        fields = []

    def __init__(self, data=None, *args, region: Region | None = None, **kwargs):
        """``region`` is the reader's own region: shown when the query does not name one
        (``?regio=`` with nothing chosen is every region)."""
        if region is not None and (data is None or "regio" not in data):
            data = data.copy() if data is not None else QueryDict(mutable=True)
            data["regio"] = str(region.pk)
        super().__init__(data, *args, **kwargs)
        # The municipalities to choose from are the chosen region's (a province has hundreds).
        chosen_region = whole_number((data or {}).get("regio"))
        if chosen_region is not None:
            self.filters["gemeente"].queryset = Municipality.objects.filter(
                regions__pk=chosen_region
            )

    def choose_only(self, queryset, name, value):
        return queryset

    def in_region(self, queryset, name, value):
        return queryset.in_region(value)

    @property
    def chosen(self) -> dict:
        """The valid filters; an invalid one is reported and left out, the others still apply."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return self.form.cleaned_data

    @property
    def selects_organisations(self) -> bool:
        """Whether only some organisations are shown (a region, a municipality or a kind)."""
        return bool(self.chosen.get("regio")) or self.is_narrowed

    @property
    def is_narrowed(self) -> bool:
        """Whether the organisations are filtered (so totals are not the region's totals)."""
        return bool(self.chosen.get("gemeente") or self.chosen.get("soort"))
