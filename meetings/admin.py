from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Max, Q
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from actors.models import Person
from ilv.admin import FormDefaultsMixin, HistoryAdmin
from meetings.access import readable_meetings_q
from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    ConsultationParticipation,
    CoordinatorContact,
    Decision,
    Meeting,
)
from meetings.services import attendance_prepare, decisions_mark_done


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


# Above any real agenda number; only ever held inside one save.
PARKED_POSITION = 32767


class AgendaFormSet(BaseInlineFormSet):
    """The agenda of one meeting: numbers follow on and are never used twice.

    Extra rows come prefilled with the next numbers; a row left without a number gets the next
    free one when saved. The decisions on the same screen refer to these rows by number
    (``item_numbered``), also before the meeting and its agenda exist.
    """

    def clean(self):
        self.numbered = {}
        if any(self.errors):
            return
        live = [
            form for form in self.forms if form.cleaned_data and not self._should_delete_form(form)
        ]
        used = [form.cleaned_data["position"] for form in live if form.cleaned_data["position"]]
        duplicates = sorted({n for n in used if used.count(n) > 1})
        if duplicates:
            raise ValidationError(
                ngettext(
                    "Nummer %(numbers)s staat bij meer dan één agendapunt; geef elk punt een "
                    "eigen nummer.",
                    "De nummers %(numbers)s staan elk bij meer dan één agendapunt; geef elk punt "
                    "een eigen nummer.",
                    len(duplicates),
                )
                % {"numbers": ", ".join(map(str, duplicates))}
            )
        following = max(used, default=0)
        for form in live:
            if not form.cleaned_data["position"]:
                following += 1
                form.cleaned_data["position"] = form.instance.position = following
            self.numbered[form.cleaned_data["position"]] = form
        super().clean()

    def item_numbered(self, number: int) -> AgendaItem | None:
        """The agenda item with that number on this form (saved once the formset is saved)."""
        form = getattr(self, "numbered", {}).get(number)
        return form.instance if form else None

    def save_existing_objects(self, commit=True):
        # Rows that change number or go away first step aside, so that two rows can swap
        # numbers without the database seeing the same number twice in between.
        moving = [
            form.instance.pk
            for form in self.initial_forms
            if form.instance.pk
            and (self._should_delete_form(form) or "position" in form.changed_data)
        ]
        if commit:
            for offset, pk in enumerate(moving):
                AgendaItem.objects.filter(pk=pk).update(position=PARKED_POSITION - offset)
        return super().save_existing_objects(commit)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    formset = AgendaFormSet
    extra = 3
    fields = ["position", "title", "description"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "position":
            field.required = False
            field.initial = None
            field.help_text = _("Leeg: het volgende nummer.")
            field.widget.attrs["class"] = "vIntegerField vNarrowNumber"
        if db_field.name == "description":
            field.widget.attrs.update(rows=2, cols=40)
            field.widget.attrs["class"] = "vLargeTextField vNarrowText"
        return field

    @staticmethod
    def next_numbers(meeting: Meeting | None, count: int) -> list[dict]:
        """Initial numbers of the extra rows: after the highest number already used."""
        highest = 0
        if meeting is not None and meeting.pk:
            highest = meeting.agenda.aggregate(highest=Max("position"))["highest"] or 0
        return [{"position": highest + i} for i in range(1, count + 1)]


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


class DecisionForm(forms.ModelForm):
    """A decision names its agenda item by number, so that it can be entered on the same screen
    as a new meeting's agenda (the item has no row to choose from yet)."""

    agenda_number = forms.IntegerField(
        label=_("agendapunt nr."),
        min_value=1,
        help_text=_("Het nummer van het agendapunt hierboven."),
        widget=forms.NumberInput(attrs={"class": "vNarrowNumber"}),
    )

    class Meta:
        model = Decision
        fields = ["text", "follow_up_owner", "due_date", "status", "approves_minutes_of"]

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.agenda_item_id:
            self.fields["agenda_number"].initial = self.instance.agenda_item.position
        if "approves_minutes_of" in self.fields:
            field = self.fields["approves_minutes_of"]
            choices = (
                Meeting.objects.filter(body__isnull=False)
                .exclude(minutes="")
                .filter(Q(minutes_approval__isnull=True) | Q(minutes_approval=self.instance.pk))
                .select_related("body", "host")
                .order_by("-date")
            )
            if meeting is not None and meeting.pk and meeting.body_id:
                # The minutes of the body's own earlier meetings (a new meeting's body is not
                # known yet: the model's check refuses another body's on saving).
                choices = choices.filter(body_id=meeting.body_id, date__lte=meeting.date)
            field.queryset = choices
            # A choice among meetings, not a place to add or edit one.
            for flag in ("can_add_related", "can_change_related", "can_delete_related"):
                setattr(field.widget, flag, False)
        if "text" in self.fields:
            self.fields["text"].widget.attrs.update(rows=3)


class DecisionFormSet(BaseInlineFormSet):
    """Decisions resolved against the agenda rows of the same form (``agenda_formset``).

    A decision whose number was not touched keeps its agenda item, also when the agenda is
    renumbered; a number typed in names the row that carries it on this form."""

    agenda_formset: AgendaFormSet | None = None

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "meeting": self.instance}

    def clean(self):
        super().clean()
        if self.agenda_formset is None or not self.agenda_formset.is_valid():
            return
        deleted = {form.instance.pk for form in self.agenda_formset.deleted_forms}
        for form in self.forms:
            if not form.cleaned_data or self._should_delete_form(form):
                continue
            if self._keeps_item(form):
                if form.instance.agenda_item_id in deleted:
                    form.add_error(
                        "agenda_number",
                        _("Het agendapunt van deze beslissing wordt verwijderd; kies een ander."),
                    )
                continue
            number = form.cleaned_data.get("agenda_number")
            if number and self.agenda_formset.item_numbered(number) is None:
                form.add_error(
                    "agenda_number",
                    _("Er is geen agendapunt met nummer %(number)s op deze vergadering.")
                    % {"number": number},
                )

    @staticmethod
    def _keeps_item(form) -> bool:
        return bool(form.instance.agenda_item_id) and "agenda_number" not in form.changed_data

    def _resolve_item(self, form):
        if not self._keeps_item(form):
            form.instance.agenda_item = self.agenda_formset.item_numbered(
                form.cleaned_data["agenda_number"]
            )

    def save_new(self, form, commit=True):
        self._resolve_item(form)
        return super().save_new(form, commit)

    def save_existing(self, form, obj, commit=True):
        self._resolve_item(form)
        return super().save_existing(form, obj, commit)


class DecisionInline(admin.StackedInline):
    model = Decision
    form = DecisionForm
    formset = DecisionFormSet
    fk_name = "meeting"
    extra = 0
    autocomplete_fields = ["follow_up_owner"]
    fields = [
        ("agenda_number", "text"),
        ("follow_up_owner", "due_date", "status"),
        "approves_minutes_of",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agenda_item")


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

    def get_queryset(self, request):
        # A reader who is given staff status still reads only the bodies they sit in.
        return super().get_queryset(request).filter(readable_meetings_q(request.user))

    fieldsets = [
        (None, {"fields": ["body", "title", "kind", ("cancelled", "is_published")]}),
        (
            _("Wanneer en waar"),
            {"fields": [("date", "date_precision"), ("start_time", "end_time"), "place", "host"]},
        ),
        (_("Verslag"), {"fields": ["minutes_status", "minutes"]}),
    ]
    readonly_fields = ["minutes_status"]

    @admin.display(description=_("titel"))
    def display_title(self, obj):
        return obj.display_title

    @admin.display(description=_("stand van het verslag"))
    def minutes_status(self, obj):
        if obj is None or not obj.pk or not obj.minutes:
            return _("Nog geen verslag.")
        version = obj.minutes_versions()
        approval = obj.approval_of_minutes
        if approval is not None:
            return _(
                "Goedgekeurd verslag (versie %(version)s), goedgekeurd door %(meeting)s. "
                "Het wijzigt niet meer."
            ) % {"version": version.number, "meeting": approval.meeting}
        changed = (
            timezone.localtime(version.changed_at).strftime("%d/%m/%Y %H:%M")
            if version.changed_at
            else "–"
        )
        return _(
            "Ontwerpverslag, versie %(version)s (laatst gewijzigd %(changed)s). Een volgende "
            "vergadering keurt het goed met een beslissing “keurt het verslag goed van”."
        ) % {"version": version.number, "changed": changed}

    def get_inline_instances(self, request, obj=None):
        # A new meeting's attendance list is made from the body's members when it is saved.
        inlines = super().get_inline_instances(request, obj)
        if obj is None:
            inlines = [i for i in inlines if not isinstance(i, AttendanceInline)]
        return inlines

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, AgendaItemInline):
            # The same numbers on GET and POST, so that an untouched extra row stays unchanged.
            kwargs["initial"] = inline.next_numbers(obj, inline.get_extra(request, obj))
        return kwargs

    def _create_formsets(self, request, obj, change):
        formsets, inlines = super()._create_formsets(request, obj, change)
        agenda = next((f for f in formsets if isinstance(f, AgendaFormSet)), None)
        for formset in formsets:
            if isinstance(formset, DecisionFormSet):
                formset.agenda_formset = agenda
        return formsets, inlines

    def save_related(self, request, form, formsets, change):
        """The agenda is saved before the decisions that name its items; a meeting of a body
        saved without attendance starts from the body's members on that date."""
        formsets = sorted(formsets, key=lambda f: not isinstance(f, AgendaFormSet))
        super().save_related(request, form, formsets, change)
        meeting = form.instance
        if (
            meeting.body_id
            and meeting.kind == Meeting.Kind.MEETING
            and not meeting.attendance.exists()
        ):
            added = attendance_prepare(meeting=meeting)
            if added:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d lid van %(body)s staat op de aanwezigheidslijst "
                        "(nog niet ingevuld).",
                        "%(count)d leden van %(body)s staan op de aanwezigheidslijst "
                        "(nog niet ingevuld).",
                        added,
                    )
                    % {"count": added, "body": meeting.body},
                    messages.INFO,
                )

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


class OverdueFilter(admin.SimpleListFilter):
    title = _("te laat")
    parameter_name = "te_laat"

    def lookups(self, request, model_admin):
        return [("ja", _("Te laat")), ("nee", _("Niet te laat"))]

    def queryset(self, request, queryset):
        overdue = Decision.objects.overdue(timezone.localdate()).values("pk")
        if self.value() == "ja":
            return queryset.filter(pk__in=overdue)
        if self.value() == "nee":
            return queryset.exclude(pk__in=overdue)
        return queryset


@admin.register(Decision)
class DecisionAdmin(HistoryAdmin):
    """The follow-up of every body's decisions. Decisions are taken on a meeting's page; here
    the regisseur sees what is open or late and marks it done."""

    list_display = ["text_shown", "meeting_shown", "owner_shown", "due_shown", "status"]
    list_editable = ["status"]
    list_filter = [
        "status",
        ("meeting__body", admin.RelatedOnlyFieldListFilter),
        OverdueFilter,
    ]
    search_fields = ["text", "follow_up_owner__name", "agenda_item__title", "meeting__body__name"]
    list_select_related = ["meeting__body", "meeting__host", "follow_up_owner"]
    autocomplete_fields = ["follow_up_owner"]
    actions = ["mark_done"]

    def get_queryset(self, request):
        return super().get_queryset(request).readable_by(request.user)

    fields = [
        "meeting",
        "agenda_item",
        "text",
        ("follow_up_owner", "due_date"),
        ("status", "done_on"),
        "approves_minutes_of",
    ]
    readonly_fields = ["meeting", "agenda_item", "approves_minutes_of"]

    def has_add_permission(self, request):
        return False  # a decision is taken at a meeting: it is added on the meeting's page

    @admin.display(description=_("beslissing"), ordering="text")
    def text_shown(self, obj):
        return obj.text if len(obj.text) <= 100 else f"{obj.text[:99]}…"

    @admin.display(description=_("vergadering"), ordering="meeting__date")
    def meeting_shown(self, obj):
        return f"{obj.meeting.display_title}, {obj.meeting.date_label}"

    @admin.display(description=_("opvolging door"), ordering="follow_up_owner__name")
    def owner_shown(self, obj):
        return obj.follow_up_owner.name if obj.follow_up_owner_id else "–"

    @admin.display(description=_("tegen"), ordering="due_date")
    def due_shown(self, obj):
        due = obj.due_date.strftime("%d/%m/%Y") if obj.due_date else "–"
        if obj.is_done and obj.done_on:
            return _("%(date)s, afgehandeld op %(done)s") % {
                "date": due,
                "done": obj.done_on.strftime("%d/%m/%Y"),
            }
        return _("%(date)s: te laat") % {"date": due} if obj.is_overdue else due

    @admin.action(description=_("Markeer als afgehandeld"))
    def mark_done(self, request, queryset):
        marked = decisions_mark_done(decisions=queryset, on=timezone.localdate())
        self.message_user(
            request,
            ngettext(
                "%(count)d beslissing als afgehandeld gemarkeerd.",
                "%(count)d beslissingen als afgehandeld gemarkeerd.",
                marked,
            )
            % {"count": marked},
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
