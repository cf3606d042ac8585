"""The filters of the municipality list and its CSV (one definition for both)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Municipality, Organisation, Region
from contingents.models import Measure
from contingents.queries import holders


class MunicipalityFilter(django_filters.FilterSet):
    zoek = django_filters.CharFilter(
        label=_("Naam of NIS-code"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    regio = django_filters.ModelChoiceFilter(
        field_name="regions",
        queryset=Region.objects.all(),
        label=_("Regio"),
        empty_label=_("Alle regio's"),
    )
    maatregel = django_filters.ModelChoiceFilter(
        queryset=Measure.objects.all(),
        to_field_name="code",
        label=_("Met een organisatie die de maatregel nu heeft"),
        empty_label=_("Om het even"),
        method="with_measure",
    )

    class Meta:
        model = Municipality
        fields = []

    def search(self, queryset, _name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(nis_code__startswith=value))

    def with_measure(self, queryset, _name, measure):
        """Municipalities where an organisation active there holds ``measure`` today."""
        ids = holders(measure, Organisation.objects.all(), today=timezone.localdate())
        return queryset.filter(active_organisations__in=ids).distinct()
