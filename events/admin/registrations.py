"""The regisseur's screens for registrations and the participants of each workshop."""

from django.contrib import admin, messages
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from events.admin_forms import StaffRegistrationForm
from events.models import Event, Registration, Session, SessionChoice
from events.resources import RegistrationResource, SessionChoiceResource
from events.services import RegistrationError, registration_cancel, registration_create
from ilv.admin import HistoryAdmin
from ilv.importing import CSV, XLSX
from ilv.params import whole_number


class WorkshopFilter(admin.RelatedFieldListFilter):
    """The workshops of the chosen event (or of the chosen workshop's event) only: those of
    every event ever held are thousands of links. Hidden until an event is chosen."""

    EVENT_PARAMETER = f"session__event__{Event._meta.pk.name}__exact"

    def field_choices(self, field, request, model_admin):
        event = whole_number(request.GET.get(self.EVENT_PARAMETER))
        chosen = whole_number(self.lookup_val[0] if self.lookup_val else None)
        sessions = Session.objects.all()
        if event is not None:
            sessions = sessions.filter(event_id=event)
        elif chosen is not None:
            sessions = sessions.filter(event__sessions=chosen)
        else:
            return []
        return [(session.pk, str(session)) for session in sessions]


@admin.register(SessionChoice)
class SessionChoiceAdmin(ExportMixin, admin.ModelAdmin):
    """Per workshop: the participants and the waiting list; tick who came."""

    resource_classes = [SessionChoiceResource]
    export_formats = [CSV, XLSX]
    list_display = ["participant", "organisation", "workshop", "status", "attended"]
    list_editable = ["attended"]
    list_filter = ["session__event", ("session", WorkshopFilter), "status", "attended"]
    # Tens of thousands of choices: no second count of the whole table.
    show_full_result_count = False
    search_fields = ["registration__name", "registration__email", "registration__organisation_name"]
    list_select_related = ["registration", "session", "session__event"]
    # Seats by name; the waiting list in line, as the service serves it (waiting longest first).
    ordering = ["session", "status", "waiting_since", "registration__name"]

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


@admin.register(Registration)
class RegistrationAdmin(ExportMixin, HistoryAdmin):
    resource_classes = [RegistrationResource]
    # What fits next to the admin's menu and filters at 1280 px: the e-mail address (searchable,
    # and too long to wrap) and the day of registering are on the change page; the status is a
    # filter, and the workshops column says it for a registration without workshops.
    list_display = ["name", "organisation_name", "event_short", "workshops", "orders"]
    list_filter = ["event", "status", "organisation_type", "added_by_staff"]
    search_fields = ["name", "email", "organisation_name"]
    # The event in a query of its own: joined into the page's query, PostgreSQL misjudges a
    # search that matches most rows and joins every match before it sorts (250 ms at 31,000).
    list_select_related = False
    # Tens of thousands of registrations: no second count of the whole table, and the newest
    # first along an index (the model's order by event joins and sorts every match first).
    show_full_result_count = False
    ordering = ["-registered_at", "-id"]
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

    def get_queryset(self, request):
        choices = SessionChoice.objects.select_related("session", "round").order_by("round__number")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("event", queryset=Event.objects.select_related("body", "host")),
                Prefetch("choices", queryset=choices),
                "extras",
            )
        )

    @admin.display(description=_("evenement"), ordering="event__date")
    def event_short(self, obj):
        """The event by a title short enough to leave room for the workshops, and its day."""
        return f"{Truncator(obj.event.title).chars(32)} ({obj.event.date_label})"

    @admin.display(description=_("workshops"))
    def workshops(self, obj):
        """Per round the workshop, and whether it is a seat or a place on the waiting list;
        a cancelled registration, which holds no workshops, says that it is cancelled."""
        if not obj.choices.all():
            return obj.get_status_display()
        return format_html_join(
            mark_safe("<br>"),  # noqa: S308 (a constant)
            "{}: {} – {}",
            (
                (choice.round.number, choice.session, choice.get_status_display().lower())
                for choice in obj.choices.all()
            ),
        )

    @admin.display(description=_("bestelling"))
    def orders(self, obj):
        """What was ordered, by the first words of its name (a book's title runs long)."""
        extras = obj.extras.all()
        if not extras:
            return "–"
        return format_html_join(
            mark_safe("<br>"),  # noqa: S308 (a constant)
            '<span title="{}">{}</span>',
            ((extra.name, Truncator(extra.name).words(4)) for extra in extras),
        )

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
                site_url=request.build_absolute_uri("/"),
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
            registration_cancel(registration=registration, site_url=request.build_absolute_uri("/"))
        self.message_user(request, _("De inschrijvingen werden geannuleerd."), messages.SUCCESS)


class StaffRegistrationRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message
