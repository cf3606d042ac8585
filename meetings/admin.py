from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from actors.models import Person
from ilv.admin import FormDefaultsMixin, HistoryAdmin
from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    ConsultationParticipation,
    CoordinatorContact,
    Decision,
    Meeting,
)
from meetings.services import attendance_prepare


class CalendarDateColumn:
    """The date as the calendar writes it: 02/02/2022, "Tb. september 2022" when the day is not
    fixed yet (never "1 september"), or the year alone."""

    @admin.display(description=_("datum"), ordering="date")
    def date_shown(self, obj):
        return obj.date_label


class MeetingChildInline:
    """Inlines whose choices depend on the meeting being edited."""

    def parent_meeting(self, request):
        object_id = request.resolver_match.kwargs.get("object_id")
        if not object_id:
            return None
        return Meeting.objects.select_related("body").filter(pk=object_id).first()


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 1
    fields = ["position", "title", "description"]


class AttendanceInline(MeetingChildInline, admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["person", "status"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "person":
            meeting = self.parent_meeting(request)
            members = meeting.members_on_date().values("person_id") if meeting else []
            kwargs["queryset"] = Person.objects.filter(pk__in=members).order_by("name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DecisionInline(MeetingChildInline, admin.StackedInline):
    model = Decision
    extra = 0
    autocomplete_fields = ["follow_up_owner"]
    fields = ["agenda_item", "text", ("follow_up_owner", "due_date", "done")]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agenda_item":
            meeting = self.parent_meeting(request)
            kwargs["queryset"] = AgendaItem.objects.filter(meeting=meeting)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 1
    fields = ["title", "file"]


@admin.register(Meeting)
class MeetingAdmin(CalendarDateColumn, FormDefaultsMixin, HistoryAdmin):
    list_display = ["date_shown", "display_title", "kind", "place", "cancelled"]
    list_filter = ["body", "kind", "date_precision", "cancelled"]
    search_fields = ["title", "body__name", "place", "host__name", "minutes"]
    list_select_related = ["body", "host"]
    date_hierarchy = "date"
    autocomplete_fields = ["body", "host"]
    inlines = [AgendaItemInline, AttendanceInline, DecisionInline, AttachmentInline]
    actions = ["prepare_attendance"]
    fieldsets = [
        (None, {"fields": ["body", "title", "kind", ("cancelled", "is_published")]}),
        (
            _("Wanneer en waar"),
            {"fields": [("date", "date_precision"), ("start_time", "end_time"), "place", "host"]},
        ),
        (_("Verslag"), {"fields": ["minutes"]}),
    ]

    @admin.display(description=_("titel"))
    def display_title(self, obj):
        return obj.display_title

    @admin.action(description=_("Aanwezigheidslijst klaarzetten met de leden van het orgaan"))
    def prepare_attendance(self, request, queryset):
        added = sum(attendance_prepare(meeting=m) for m in queryset.select_related("body"))
        self.message_user(
            request,
            ngettext(
                "%(count)d lid op de aanwezigheidslijst gezet.",
                "%(count)d leden op de aanwezigheidslijsten gezet.",
                added,
            )
            % {"count": added},
            messages.SUCCESS,
        )


@admin.register(ConsultationParticipation)
class ConsultationParticipationAdmin(HistoryAdmin):
    list_display = ["body", "organiser", "year", "note"]
    list_filter = ["year"]
    list_select_related = ["body"]
    search_fields = ["body__name", "body__organiser"]
    autocomplete_fields = ["body"]

    @admin.display(description=_("organisator"))
    def organiser(self, obj):
        return obj.body.organiser


@admin.register(CoordinatorContact)
class CoordinatorContactAdmin(HistoryAdmin):
    list_display = ["person", "organisation_shown", "theme", "year"]
    list_filter = ["year"]
    list_select_related = ["person", "person__organisation"]
    search_fields = ["person__name", "organisation_label", "theme"]
    autocomplete_fields = ["person"]

    @admin.display(description=_("organisatie/werkingsgebied"))
    def organisation_shown(self, obj):
        return obj.organisation_shown
