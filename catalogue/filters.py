import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Municipality, Organisation, OrganisationAlias, Sector
from contingents.models import Measure
from contingents.queries import holders

# A search longer than this is no search for a name or an offer.
MAX_SEARCH = 100


class MeasureChoiceField(forms.ModelChoiceField):
    """Measures by their full name: a visitor may not know "AMA WSE"."""

    def label_from_instance(self, obj):
        return obj.name


class MeasureFilter(django_filters.ModelChoiceFilter):
    field_class = MeasureChoiceField


class CatalogueFilter(django_filters.FilterSet):
    """Filters of the public list and its CSV (one definition for both; the PDF is always the
    whole catalogue).

    The free text searches the public texts only (name, other names, offer): searching the
    internal description would tell a visitor what it holds, one guess at a time.
    """

    zoek = django_filters.CharFilter(
        label=_("Naam of aanbod"),
        method="search",
        max_length=MAX_SEARCH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    sector = django_filters.ModelChoiceFilter(
        field_name="sectors",
        queryset=Sector.objects.order_by("name"),
        label=_("Sector"),
        empty_label=_("Alle sectoren"),
    )
    gemeente = django_filters.ModelChoiceFilter(
        field_name="active_in",
        queryset=Municipality.objects.order_by("name"),
        to_field_name="nis_code",
        label=_("Actief in gemeente"),
        empty_label=_("Alle gemeenten"),
    )
    maatregel = MeasureFilter(
        queryset=Measure.objects.order_by("position", "name"),
        to_field_name="code",
        label=_("Erkend voor maatregel"),
        empty_label=_("Alle maatregelen"),
        method="recognised",
    )

    class Meta:
        model = Organisation
        fields = []

    def search(self, queryset, name, value):
        words = value.split()
        for word in words:
            alias = OrganisationAlias.objects.filter(
                organisation=OuterRef("pk"), name__icontains=word
            )
            queryset = queryset.filter(
                Q(name__icontains=word) | Q(offer__icontains=word) | Q(Exists(alias))
            )
        return queryset

    def recognised(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.filter(pk__in=holders(value, queryset, today=today))

    @property
    def is_narrowed(self) -> bool:
        if not self.is_bound:
            return False
        self.form.is_valid()
        return any(v not in (None, "") for v in self.form.cleaned_data.values())
