import django_filters
from django.utils.translation import gettext_lazy as _

from actors.models import Body
from meetings.models import Meeting


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
