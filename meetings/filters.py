import django_filters
from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Body
from meetings.models import Decision, Meeting


class MeetingFilter(django_filters.FilterSet):
    """The calendar's filter: which body (or all). The year is chosen separately."""

    orgaan = django_filters.ModelChoiceFilter(
        field_name="body",
        queryset=Body.objects.filter(meetings__isnull=False).distinct().order_by("name"),
        label=_("Orgaan"),
        empty_label=_("Alle organen en momenten"),
    )

    class Meta:
        model = Meeting
        fields = []


class DecisionFilter(django_filters.FilterSet):
    """The decisions list and its CSV: which body, which status, only the late ones."""

    TO_FOLLOW_UP, DONE, ALL = "te-volgen", "afgehandeld", "alle"

    orgaan = django_filters.ModelChoiceFilter(
        field_name="meeting__body",
        queryset=Body.objects.filter(meetings__decisions__isnull=False).distinct().order_by("name"),
        label=_("Orgaan"),
        empty_label=_("Alle organen"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[
            (TO_FOLLOW_UP, _("Op te volgen")),
            (DONE, _("Afgehandeld")),
            (ALL, _("Alle beslissingen")),
        ],
        empty_label=None,
        method="with_status",
    )
    te_laat = django_filters.BooleanFilter(
        label=_("Enkel over hun termijn"),
        method="late_only",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Decision
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        # Without a choice, the list shows what is still to be followed up.
        data = data.copy() if data is not None else QueryDict(mutable=True)
        data.setdefault("status", self.TO_FOLLOW_UP)
        super().__init__(data, *args, **kwargs)

    def with_status(self, queryset, _name, value):
        if value == self.TO_FOLLOW_UP:
            return queryset.to_follow_up()
        if value == self.DONE:
            return queryset.done()
        return queryset

    def late_only(self, queryset, _name, value):
        return queryset.overdue(timezone.localdate()) if value else queryset
