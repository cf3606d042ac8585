"""The calendar's admin without events: an event is edited in the events admin, where its
registrations and capacities are kept consistent."""

from django.contrib import admin

from meetings.admin import MeetingAdmin
from meetings.models import Meeting


class MeetingWithoutEventsAdmin(MeetingAdmin):
    def get_queryset(self, request):
        entries = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name == "autocomplete":
            return entries  # an action may still name an event as a calendar entry it carries out
        return entries.filter(event__isnull=True)


admin.site.unregister(Meeting)
admin.site.register(Meeting, MeetingWithoutEventsAdmin)
