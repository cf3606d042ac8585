"""The regisseur's screens for events, their rounds, workshops, speakers and extras."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from events.admin_forms import EventCapacityForm, SessionCapacityForm
from events.models import Event, EventExtra, Round, Session, Speaker
from events.services import capacity_changed
from ilv.admin import FormDefaultsMixin, HistoryAdmin
from meetings.admin import CalendarDateColumn


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0


class SessionInline(admin.TabularInline):
    model = Session
    form = SessionCapacityForm
    extra = 0
    fields = ["number", "round", "title", "room", "capacity", "confirm_capacity", "edit_link"]
    readonly_fields = ["edit_link"]
    show_change_link = True

    @admin.display(description=_("sprekers en beschrijving"))
    def edit_link(self, obj):
        if not obj.pk:
            return "–"
        url = reverse("admin:events_session_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("bewerken"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "round":
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Round.objects.filter(event_id=object_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class EventExtraInline(FormDefaultsMixin, admin.StackedInline):
    model = EventExtra
    extra = 0


@admin.register(Event)
class EventAdmin(CalendarDateColumn, FormDefaultsMixin, HistoryAdmin):
    form = EventCapacityForm
    list_display = [
        "title",
        "date_shown",
        "place",
        "registration_closes_at",
        "capacity",
        "is_published",
    ]
    list_filter = ["is_published", "registration_enabled"]
    search_fields = ["title", "place", "intro"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organiser", "host"]
    inlines = [RoundInline, SessionInline, EventExtraInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "intro", "organiser", "is_published"]}),
        (
            _("Wanneer en waar"),
            {
                "fields": [
                    ("date", "date_precision"),
                    ("start_time", "end_time"),
                    "place",
                    "address",
                    "host",
                ]
            },
        ),
        (
            _("Inschrijven"),
            {
                "fields": [
                    "registration_enabled",
                    "registration_closes_at",
                    ("capacity", "confirm_capacity"),
                    "reminder_days",
                    "erase_after_months",
                ]
            },
        ),
        (
            _("Meer info"),
            {"fields": ["audience", "practical_info", "price_label", "contact", "partners"]},
        ),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A lowered maximum moves the last ones in to the waiting list (LIFO); a raised one lets
        # the first waiting in; both by e-mail.
        sessions = [
            f.instance
            for formset in formsets
            if formset.model is Session
            for f in formset.forms
            if f.instance.pk and "capacity" in f.changed_data
        ]
        if "capacity" in form.changed_data or sessions:
            changes = capacity_changed(
                event=form.instance, sessions=sessions, site_url=request.build_absolute_uri("/")
            )
            _report(request, changes)


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 1


@admin.register(Session)
class SessionAdmin(HistoryAdmin):
    form = SessionCapacityForm
    list_display = ["__str__", "event", "round", "room", "capacity", "seats_taken"]
    list_filter = ["event"]
    search_fields = ["title", "event__title"]
    list_select_related = ["event", "event__body", "event__host", "round"]
    inlines = [SpeakerInline]
    readonly_fields = ["attendance_sheet"]
    fields = [
        "event",
        "round",
        "number",
        "title",
        "description",
        "room",
        ("capacity", "confirm_capacity"),
        "attendance_sheet",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_seats()

    @admin.display(description=_("bezet"), ordering="taken")
    def seats_taken(self, obj):
        return obj.taken

    @admin.display(description=_("deelnemers"))
    def attendance_sheet(self, obj):
        if not obj.pk:
            return "–"
        participants = (
            reverse("admin:events_sessionchoice_changelist") + f"?session__id__exact={obj.pk}"
        )
        sheet = reverse("admin:events_session_sheet", args=[obj.pk])
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            participants,
            _("deelnemers en wachtlijst"),
            sheet,
            _("aanwezigheidslijst afdrukken"),
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            changes = capacity_changed(
                event=obj.event, sessions=[obj], site_url=request.build_absolute_uri("/")
            )
            _report(request, changes)

    def get_urls(self):
        sheet = path(
            "<int:pk>/aanwezigheidslijst/",
            self.admin_site.admin_view(self.sheet_view),
            name="events_session_sheet",
        )
        return [sheet, *super().get_urls()]

    def sheet_view(self, request, pk):
        """A printable attendance list: the participants of the workshop, then its waiting list."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        session = get_object_or_404(Session.objects.select_related("event", "round"), pk=pk)
        choices = session.choices.select_related("registration")
        context = {
            **self.admin_site.each_context(request),
            "session": session,
            "confirmed": choices.seats().order_by("registration__name"),
            # In the order in which seats will go: first who can take one, then who also
            # waits for a place at the event.
            "waiting": [*choices.in_line(), *choices.waiting_for_the_event()],
        }
        return TemplateResponse(request, "admin/events/session_sheet.html", context)


def _report(request, changes) -> None:
    moved = len(changes.demoted)
    promoted = len(changes.promoted)
    if moved or promoted:
        messages.info(
            request,
            _(
                "%(promoted)d inschrijving(en) kregen een plaats, %(moved)d schoven door naar de "
                "wachtlijst; zij krijgen een e-mail."
            )
            % {"promoted": promoted, "moved": moved},
        )
