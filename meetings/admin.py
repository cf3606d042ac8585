from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export import fields, resources
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from actors.models import Person
from ilv.admin import FormDefaultsMixin
from ilv.importing import CSV, XLSX, BooleanWidget
from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    ConsultationParticipation,
    CoordinatorContact,
    Decision,
    Event,
    EventExtra,
    Meeting,
    Registration,
    Round,
    Session,
    SessionChoice,
    Speaker,
)
from meetings.services import (
    RegistrationError,
    attendance_prepare,
    availability,
    capacity_changed,
    check_choices,
    full_message,
    registration_cancel,
    registration_create,
)


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
class MeetingAdmin(CalendarDateColumn, FormDefaultsMixin, SimpleHistoryAdmin):
    list_display = ["date_shown", "display_title", "kind", "place", "cancelled"]
    list_filter = ["body", "kind", "date_precision", "cancelled"]
    search_fields = ["title", "body__name", "place", "host__name", "minutes"]
    list_select_related = ["body", "host"]
    date_hierarchy = "date"
    autocomplete_fields = ["body", "host"]
    inlines = [AgendaItemInline, AttendanceInline, DecisionInline, AttachmentInline]
    actions = ["prepare_attendance"]
    fieldsets = [
        (None, {"fields": ["body", "title", "kind", "cancelled"]}),
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
class ConsultationParticipationAdmin(SimpleHistoryAdmin):
    list_display = ["body", "organiser", "year", "note"]
    list_filter = ["year"]
    list_select_related = ["body"]
    search_fields = ["body__name", "body__organiser"]
    autocomplete_fields = ["body"]

    @admin.display(description=_("organisator"))
    def organiser(self, obj):
        return obj.body.organiser


@admin.register(CoordinatorContact)
class CoordinatorContactAdmin(SimpleHistoryAdmin):
    list_display = ["person", "organisation_shown", "theme", "year"]
    list_filter = ["year"]
    list_select_related = ["person", "person__organisation"]
    search_fields = ["person__name", "organisation_label", "theme"]
    autocomplete_fields = ["person"]

    @admin.display(description=_("organisatie/werkingsgebied"))
    def organisation_shown(self, obj):
        return obj.organisation_shown


# Events and registrations


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ["number", "round", "title", "room", "capacity", "edit_link"]
    readonly_fields = ["edit_link"]
    show_change_link = True

    @admin.display(description=_("sprekers en beschrijving"))
    def edit_link(self, obj):
        if not obj.pk:
            return "–"
        url = reverse("admin:meetings_session_change", args=[obj.pk])
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
class EventAdmin(CalendarDateColumn, FormDefaultsMixin, SimpleHistoryAdmin):
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
            {"fields": ["registration_enabled", "registration_closes_at", "capacity"]},
        ),
        (
            _("Meer info"),
            {"fields": ["audience", "practical_info", "price_label", "contact", "partners"]},
        ),
    ]

    def save_model(self, request, obj, form, change):
        obj.kind = Meeting.Kind.EVENT
        super().save_model(request, obj, form, change)

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
            _report(request, capacity_changed(event=form.instance, sessions=sessions))


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 1


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "event", "round", "room", "capacity", "seats_taken"]
    list_filter = ["event"]
    search_fields = ["title", "event__title"]
    list_select_related = ["event", "event__body", "event__host", "round"]
    inlines = [SpeakerInline]
    readonly_fields = ["attendance_sheet"]

    def get_queryset(self, request):
        confirmed = Q(choices__status=SessionChoice.Status.CONFIRMED)
        return super().get_queryset(request).annotate(taken=Count("choices", filter=confirmed))

    @admin.display(description=_("bezet"), ordering="taken")
    def seats_taken(self, obj):
        return obj.taken

    @admin.display(description=_("deelnemers"))
    def attendance_sheet(self, obj):
        if not obj.pk:
            return "–"
        participants = (
            reverse("admin:meetings_sessionchoice_changelist") + f"?session__id__exact={obj.pk}"
        )
        sheet = reverse("admin:meetings_session_sheet", args=[obj.pk])
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
            _report(request, capacity_changed(event=obj.event, sessions=[obj]))

    def get_urls(self):
        sheet = path(
            "<int:pk>/aanwezigheidslijst/",
            self.admin_site.admin_view(self.sheet_view),
            name="meetings_session_sheet",
        )
        return [sheet, *super().get_urls()]

    def sheet_view(self, request, pk):
        """A printable attendance list: the participants of the workshop, then its waiting list."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        session = get_object_or_404(Session.objects.select_related("event", "round"), pk=pk)
        choices = session.choices.select_related("registration").order_by("registration__name")
        context = {
            **self.admin_site.each_context(request),
            "session": session,
            "confirmed": [c for c in choices if c.status == SessionChoice.Status.CONFIRMED],
            "waiting": sorted(
                (c for c in choices if c.status == SessionChoice.Status.WAITING),
                key=lambda c: c.registration.registered_at,
            ),
        }
        return TemplateResponse(request, "admin/meetings/session_sheet.html", context)


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


@admin.register(SessionChoice)
class SessionChoiceAdmin(ExportMixin, admin.ModelAdmin):
    """Per workshop: the participants and the waiting list; tick who came."""

    resource_classes = [SessionChoiceResource]
    export_formats = [CSV, XLSX]
    list_display = ["participant", "organisation", "workshop", "status", "attended"]
    list_editable = ["attended"]
    list_filter = ["session__event", "session", "status", "attended"]
    search_fields = ["registration__name", "registration__email", "registration__organisation_name"]
    list_select_related = ["registration", "session", "session__event"]
    ordering = ["session", "status", "registration__name"]

    def has_add_permission(self, request):
        return False  # a seat is taken by registering (see Inschrijvingen), never by hand

    def has_delete_permission(self, request, obj=None):
        return False  # a seat is given up by cancelling, which lets the waiting list in

    def get_fields(self, request, obj=None):
        return ["attended"]

    @admin.display(description=_("workshop"), ordering="session__number")
    def workshop(self, obj):
        return Truncator(str(obj.session)).chars(40)

    @admin.display(description=_("deelnemer"), ordering="registration__name")
    def participant(self, obj):
        return obj.registration.name

    @admin.display(description=_("organisatie"), ordering="registration__organisation_name")
    def organisation(self, obj):
        return obj.registration.organisation_name


class SessionChoiceInline(admin.TabularInline):
    model = SessionChoice
    extra = 0
    fields = ["session", "status", "confirmed_at", "attended"]
    readonly_fields = ["session", "status", "confirmed_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class StaffRegistrationForm(forms.ModelForm):
    """Adding someone in the admin, also after the deadline, through the same rules as the site."""

    sessions = forms.ModelMultipleChoiceField(
        queryset=Session.objects.select_related("event", "round"),
        label=_("workshops"),
        help_text=_("Eén workshop per reeks van het gekozen evenement."),
    )
    join_waiting_list = forms.BooleanField(
        required=False, initial=True, label=_("Op de wachtlijst als een workshop volzet is")
    )

    class Meta:
        model = Registration
        fields = [
            "event",
            "name",
            "email",
            "organisation_name",
            "organisation_type",
            "shipping_address",
        ]

    def clean(self):
        cleaned = super().clean()
        event, sessions = cleaned.get("event"), cleaned.get("sessions")
        if event and sessions is not None:
            try:
                check_choices(event, list(sessions))
            except RegistrationError as exc:
                self.add_error("sessions", exc.message)
            else:
                event_full, full = availability(event, list(sessions))
                if (event_full or full) and not cleaned.get("join_waiting_list"):
                    self.add_error("sessions", full_message(event_full, full))
        return cleaned


@admin.register(Registration)
class RegistrationAdmin(ExportMixin, SimpleHistoryAdmin):
    resource_classes = [RegistrationResource]
    list_display = ["name", "organisation_name", "email", "event", "status", "registered_at"]
    list_filter = ["event", "status", "organisation_type", "added_by_staff"]
    search_fields = ["name", "email", "organisation_name"]
    list_select_related = ["event", "event__body", "event__host"]
    date_hierarchy = "registered_at"
    inlines = [SessionChoiceInline]
    actions = ["cancel_registrations"]
    readonly_fields = [
        "event",
        "status",
        "registered_at",
        "confirmed_at",
        "cancelled_at",
        "consented_at",
    ]
    fields = [
        "event",
        "name",
        "email",
        "organisation_name",
        "organisation_type",
        "extras",
        "shipping_address",
        "status",
        "registered_at",
        "confirmed_at",
        "cancelled_at",
        "consented_at",
    ]
    export_formats = [CSV, XLSX]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = StaffRegistrationForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return StaffRegistrationForm.Meta.fields + ["sessions", "join_waiting_list"]
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        data = form.cleaned_data
        try:
            created = registration_create(
                event=data["event"],
                name=data["name"],
                email=data["email"],
                organisation_name=data["organisation_name"],
                organisation_type=data["organisation_type"],
                sessions=list(data["sessions"]),
                shipping_address=data.get("shipping_address", ""),
                join_waiting_list=data["join_waiting_list"],
                by_staff=True,
            )
        except RegistrationError as exc:
            raise StaffRegistrationRefused(exc.message) from exc
        obj.pk = created.pk

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except StaffRegistrationRefused as exc:
            messages.error(request, exc.message)
            return redirect(request.get_full_path())

    def has_delete_permission(self, request, obj=None):
        return False  # cancel instead: the seats then go to the waiting list, with e-mails

    @admin.action(
        description=_("Geselecteerde inschrijvingen annuleren (plaats naar de wachtlijst)")
    )
    def cancel_registrations(self, request, queryset):
        for registration in queryset.exclude(status=Registration.Status.CANCELLED):
            registration_cancel(registration=registration)
        self.message_user(request, _("De inschrijvingen werden geannuleerd."), messages.SUCCESS)


class StaffRegistrationRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message
