"""Meetings of the bodies, the year calendar, and what the region takes part in elsewhere.

A calendar entry is a ``Meeting``: of a body (stuurgroep, beheerscomité, werkgroep…) or a moment
without one (an inspiration visit, an employers' breakfast). Its day may not be fixed yet: then
only its month is known and the calendar shows "Tb." (te bepalen), as Annex 3 of the report does.
"""

import datetime
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Body, Membership, Organisation, Person
from meetings.validators import ALLOWED_EXTENSIONS, validate_document


def _extensions():
    """The links of apps that extend a calendar entry with a model of their own (the events app
    makes an entry an event); the calendar names none of them."""
    return [rel for rel in Meeting._meta.related_objects if getattr(rel, "parent_link", False)]


@dataclass(frozen=True)
class MinutesVersion:
    number: int
    changed_at: datetime.datetime | None


class MeetingQuerySet(models.QuerySet):
    def in_year(self, year: int):
        return self.filter(date__year=year)

    def with_extensions(self):
        """Read along the rows that extend an entry (multi-table inheritance, e.g. an event)."""
        return self.select_related(*(rel.name for rel in _extensions()))

    def published(self):
        """What the public may see: entries not held back (an event not published yet)."""
        return self.filter(is_published=True)

    def of_region(self, region):
        """The region's calendar: meetings of its bodies, and the entries of no region (a
        partner's consultation the regisseur attends, an event without a body)."""
        return self.filter(models.Q(body__region=region) | models.Q(body__region__isnull=True))

    def in_calendar_order(self):
        """As in Annex 3: per month the fixed days first, then the "Tb." entries in entry order."""
        return self.order_by(TruncMonth("date"), "-date_precision", "date", "start_time", "pk")

    def with_fixed_day(self):
        return self.filter(date_precision=Meeting.Precision.DAY)


class Meeting(models.Model):
    class Kind(models.TextChoices):
        # Whether an entry is a public event is known from its event row (the events app).
        MEETING = "meeting", _("Vergadering")
        VISIT = "visit", _("Bezoek of ander moment")

    class Precision(models.IntegerChoices):
        # Higher is more precise; the calendar sorts fixed days before "Tb." in a month.
        YEAR = 1, _("Enkel het jaar is gekend")
        MONTH = 2, _("Enkel de maand is gekend (Tb.)")
        DAY = 3, _("Dag vastgelegd")

    body = models.ForeignKey(
        Body,
        verbose_name=_("orgaan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        help_text=_("Leeg voor een moment zonder orgaan, bv. een inspiratiebezoek."),
    )
    title = models.CharField(
        _("titel"),
        max_length=200,
        blank=True,
        help_text=_(
            "Bij een orgaan: een aanvulling, bv. “plenaire sessie”. "
            "Zonder orgaan: de volledige titel."
        ),
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.MEETING)
    date = models.DateField(
        _("datum"),
        help_text=_("Staat de dag nog niet vast, kies dan de eerste van de maand en “Tb.”."),
    )
    date_precision = models.PositiveSmallIntegerField(
        _("datum vastgelegd"), choices=Precision.choices, default=Precision.DAY
    )
    start_time = models.TimeField(_("begin"), null=True, blank=True)
    end_time = models.TimeField(_("einde"), null=True, blank=True)
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    host = models.ForeignKey(
        Organisation,
        verbose_name=_("te gast bij"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        help_text=_(
            "De organisatie die ontvangt; elk beheerscomité gaat door bij een onderneming."
        ),
    )
    cancelled = models.BooleanField(_("geannuleerd"), default=False)
    is_published = models.BooleanField(
        _("gepubliceerd"),
        default=True,
        help_text=_(
            "Staat in de publieke kalenderfeeds en, voor een evenement, op de publieke pagina's."
        ),
    )
    minutes = models.TextField(_("verslag"), blank=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vergadering of moment")
        verbose_name_plural = _("vergaderingen en momenten")
        ordering = ["date", "-date_precision", "start_time"]
        indexes = [models.Index(fields=["date", "body"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__isnull=True)
                | models.Q(start_time__isnull=True)
                | models.Q(end_time__gt=models.F("start_time")),
                name="meeting_ends_after_start",
                violation_error_message=_("Het einde ligt vóór het begin."),
            )
        ]

    def __str__(self):
        return f"{self.display_title} ({self.date_label})"

    def get_absolute_url(self):
        return reverse("meetings:meeting", args=[self.pk])

    def clean(self):
        errors = {}
        if not self.body_id and not self.title:
            errors["title"] = _("Geef een titel, of kies het orgaan dat vergadert.")
        if self.date and self.date_precision == self.Precision.MONTH and self.date.day != 1:
            self.date = self.date.replace(day=1)
        if self.date and self.date_precision == self.Precision.YEAR:
            self.date = self.date.replace(month=1, day=1)
        if self.date_precision != self.Precision.DAY and (self.start_time or self.end_time):
            errors["start_time"] = _("Een uur kan pas als de dag vastligt.")
        try:
            self._clean_minutes()
        except ValidationError as error:
            errors.update(error.update_error_dict({}))
        if errors:
            raise ValidationError(errors)

    def _clean_minutes(self):
        """Approved minutes are what the body approved: they never change afterwards (a
        correction is a decision of a later meeting)."""
        if not self.pk or not self.minutes_approved:
            return
        stored = Meeting.objects.filter(pk=self.pk).values_list("minutes", flat=True).first()
        if stored is None or stored == self.minutes:
            return
        raise ValidationError(
            {
                "minutes": _(
                    "Dit verslag werd goedgekeurd door %(meeting)s; een goedgekeurd verslag "
                    "wijzigt niet meer. Noteer een correctie als beslissing van een volgende "
                    "vergadering."
                )
                % {"meeting": self.approval_of_minutes.meeting}
            }
        )

    def minutes_versions(self) -> "MinutesVersion":
        """Which version of the minutes this is, read from the history: every change of the
        text counts, so members can tell which one they read (one query)."""
        version, changed_at, previous = 0, None, ""
        rows = self.history.order_by("history_date", "history_id").values_list(
            "history_date", "minutes"
        )
        for history_date, minutes in rows:
            if minutes != previous:
                version, changed_at, previous = version + 1, history_date, minutes
        if self.minutes != previous:  # changed without a history row (loaded, or update())
            version, changed_at = version + 1, self.updated_at
        return MinutesVersion(version, changed_at)

    @property
    def display_title(self) -> str:
        """As the calendar writes it: "Beheerscomité ILV bij Maatwerkbedrijf Webo"."""
        if self.body_id:
            title = f"{self.body.name}: {self.title}" if self.title else self.body.name
        else:
            title = self.title
        if self.host_id:
            title = _("%(title)s bij %(host)s") % {"title": title, "host": self.host.name}
        return title

    @property
    def public_url(self) -> str | None:
        """The public page of this entry, when an app extends it with one (an event's page)."""
        for rel in _extensions():
            try:
                return getattr(self, rel.get_accessor_name()).get_absolute_url()
            except ObjectDoesNotExist:
                continue
        return None

    @property
    def has_fixed_day(self) -> bool:
        return self.date_precision == self.Precision.DAY

    @property
    def date_label(self) -> str:
        """02/02/2022, "Tb. juni 2022" or "2021, datum onbekend"."""
        if self.date_precision == self.Precision.DAY:
            return self.date.strftime("%d/%m/%Y")
        if self.date_precision == self.Precision.MONTH:
            return _("Tb. %(month)s") % {"month": date_format(self.date, "F Y")}
        return _("%(year)s, datum onbekend") % {"year": self.date.year}

    @property
    def approval_of_minutes(self) -> "Decision | None":
        """The decision of a later meeting that approved these minutes, if any."""
        if not self.pk:
            return None
        try:
            return self.minutes_approval
        except ObjectDoesNotExist:
            return None

    @property
    def minutes_approved(self) -> bool:
        return self.approval_of_minutes is not None

    def members_on_date(self):
        """Memberships of the body running on the meeting date (the 1st of the month if "Tb.")."""
        if not self.body_id:
            return Membership.objects.none()
        return self.body.memberships.active_on(self.date)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("vergadering"), on_delete=models.CASCADE, related_name="agenda"
    )
    position = models.PositiveSmallIntegerField(_("nr."), default=1)
    title = models.CharField(_("agendapunt"), max_length=300)
    description = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agenda")
        ordering = ["meeting", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"],
                name="agendaitem_unique_meeting_position",
                violation_error_message=_(
                    "Deze vergadering heeft al een agendapunt met dit nummer."
                ),
            )
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        UNKNOWN = "unknown", _("Nog niet ingevuld")
        PRESENT = "present", _("Aanwezig")
        EXCUSED = "excused", _("Verontschuldigd")
        ABSENT = "absent", _("Afwezig")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("vergadering"), on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("persoon"), on_delete=models.PROTECT, related_name="attendance"
    )
    status = models.CharField(
        _("aanwezigheid"), max_length=20, choices=Status.choices, default=Status.UNKNOWN
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheden")
        ordering = ["meeting", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="attendance_unique_meeting_person",
                violation_error_message=_("Deze persoon staat al op de aanwezigheidslijst."),
            )
        ]

    def __str__(self):
        return f"{self.person.name}: {self.get_status_display()}"

    def clean(self):
        if not (self.meeting_id and self.person_id):
            return
        if not self.meeting.body_id:
            raise ValidationError(
                _("Aanwezigheden houden we enkel bij voor vergaderingen van een orgaan.")
            )
        if not self.meeting.members_on_date().filter(person_id=self.person_id).exists():
            raise ValidationError(
                {
                    "person": _("%(person)s was op %(date)s geen lid van %(body)s.")
                    % {
                        "person": self.person.name,
                        "date": self.meeting.date_label,
                        "body": self.meeting.body,
                    }
                }
            )


class DecisionQuerySet(models.QuerySet):
    """The follow-up of decisions. The overview (reports) reads ``open()`` and ``overdue(today)``
    and narrows them with ``readable_by(user)``."""

    def open(self):
        return self.filter(status=Decision.Status.OPEN)

    def done(self):
        return self.filter(status=Decision.Status.DONE)

    def overdue(self, today: datetime.date):
        """Open decisions whose due date lies before ``today``."""
        return self.open().filter(due_date__lt=today)

    def of_body(self, body):
        return self.filter(meeting__body=body)

    def readable_by(self, user):
        """Decisions of the meetings ``user`` may read (meetings.access)."""
        from meetings.access import readable_meetings_q  # access reads these models

        return self.filter(readable_meetings_q(user, prefix="meeting__"))

    def listed_most_urgent_first(self):
        """As a list of decisions shows them: the earliest due date first (those without one
        last), then the oldest meeting; with what each line reads (the meeting's title names
        its body and host, and who follows it up)."""
        return self.select_related("meeting__body", "meeting__host", "follow_up_owner").order_by(
            F("due_date").asc(nulls_last=True), "meeting__date", "pk"
        )

    def to_follow_up(self):
        """Open decisions that someone follows up (a due date always has someone): what comes
        back on the body's later meetings and on the overview until marked done. A decision
        without anyone to follow it up is a record, not a task."""
        return self.open().filter(follow_up_owner__isnull=False)

    def followed_up_at(self, meeting: "Meeting"):
        """Decisions of the body taken at its earlier meetings: combined with ``to_follow_up()``,
        what ``meeting``'s page lists until each is marked done. Nothing on a cancelled meeting
        or a visit. One query."""
        if not meeting.body_id or meeting.cancelled or meeting.kind != Meeting.Kind.MEETING:
            return self.none()
        earlier = Q(meeting__date__lt=meeting.date) | Q(
            meeting__date=meeting.date, meeting__pk__lt=meeting.pk
        )
        return self.filter(earlier, meeting__body_id=meeting.body_id)


class Decision(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Afgehandeld")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("vergadering"), on_delete=models.CASCADE, related_name="decisions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agendapunt"),
        # An agenda item cannot go while a decision hangs on it, but the whole meeting can.
        on_delete=models.RESTRICT,
        related_name="decisions",
    )
    text = models.TextField(_("beslissing"))
    follow_up_owner = models.ForeignKey(
        Person,
        verbose_name=_("opvolging door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    due_date = models.DateField(_("tegen"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    done_on = models.DateField(
        _("afgehandeld op"),
        null=True,
        blank=True,
        help_text=_("Leeg bij “afgehandeld”: vandaag."),
    )
    approves_minutes_of = models.OneToOneField(
        Meeting,
        verbose_name=_("keurt het verslag goed van"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="minutes_approval",
        help_text=_(
            "Een eerdere vergadering van hetzelfde orgaan; haar verslag wordt dan het "
            "goedgekeurde verslag en wijzigt niet meer."
        ),
    )

    objects = DecisionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("beslissing")
        verbose_name_plural = _("beslissingen")
        ordering = ["meeting", "agenda_item__position", "pk"]
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", done_on__isnull=True) | Q(status="done"),
                name="decision_done_on_only_when_done",
                violation_error_message=_("Een open beslissing heeft geen datum van afhandeling."),
            )
        ]

    def __str__(self):
        return self.text[:80]

    def clean(self):
        errors = {}
        if (
            self.agenda_item_id
            and self.meeting_id
            and self.agenda_item.meeting_id != self.meeting_id
        ):
            errors["agenda_item"] = _("Kies een agendapunt van deze vergadering.")
        if self.due_date and not self.follow_up_owner_id:
            errors["follow_up_owner"] = _("Wie volgt dit op tegen die datum?")
        if self.approves_minutes_of_id and self.status == self.Status.OPEN:
            # Approving minutes leaves nothing to follow up: done the day it is taken.
            self.status = self.Status.DONE
            if not self.done_on and self.meeting.has_fixed_day:
                self.done_on = self.meeting.date
        if self.status == self.Status.DONE and not self.done_on:
            self.done_on = timezone.localdate()
        if self.status == self.Status.OPEN:
            self.done_on = None
        if self.approves_minutes_of_id:
            message = self._approval_problem()
            if message:
                errors["approves_minutes_of"] = message
        if errors:
            raise ValidationError(errors)

    def _approval_problem(self) -> str | None:
        """Minutes are approved by a later meeting of the same body, once they exist."""
        approved = self.approves_minutes_of
        meeting = self.meeting
        if not approved.body_id or approved.body_id != meeting.body_id:
            return _("Een vergadering keurt enkel verslagen van haar eigen orgaan goed.")
        if approved.date >= meeting.date:
            return _("Enkel het verslag van een eerdere vergadering kan goedgekeurd worden.")
        if not approved.minutes.strip():
            return _("Die vergadering heeft nog geen verslag om goed te keuren.")
        return None

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    def is_overdue_on(self, today: datetime.date) -> bool:
        return not self.is_done and self.due_date is not None and self.due_date < today

    @property
    def is_overdue(self) -> bool:
        """Open past its due date, as of today (the pages' point of view)."""
        return self.is_overdue_on(timezone.localdate())


def attachment_path(instance: "Attachment", filename: str) -> str:
    """vergaderingen/<meeting>/<random>-<clean-name>.<ext>: no traversal, clash or guessing."""
    path = Path(filename)
    stem = slugify(path.stem)[:60] or "bijlage"
    extension = path.suffix.lower().lstrip(".")
    return f"vergaderingen/{instance.meeting_id}/{uuid.uuid4().hex[:12]}-{stem}.{extension}"


class Attachment(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("vergadering"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("titel"), max_length=200, blank=True)
    file = models.FileField(
        _("bestand"),
        upload_to=attachment_path,
        max_length=255,
        validators=[FileExtensionValidator(ALLOWED_EXTENSIONS), validate_document],
        help_text=_("PDF, DOCX of XLSX, hoogstens 10 MB."),
    )
    original_name = models.CharField(_("oorspronkelijke naam"), max_length=255, editable=False)
    uploaded_at = models.DateTimeField(_("opgeladen op"), auto_now_add=True)

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["meeting", "title", "pk"]

    def __str__(self):
        return self.title or self.original_name

    def save(self, *args, **kwargs):
        if not self.original_name and self.file:
            self.original_name = get_valid_filename(Path(self.file.name).name)[:255]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:attachment", args=[self.pk])

    @property
    def extension(self) -> str:
        return Path(self.file.name).suffix.lstrip(".").upper()


class ConsultationParticipation(models.Model):
    """The region took part in an external structural consultation that year (Tabel 8)."""

    body = models.ForeignKey(
        Body,
        verbose_name=_("overleg"),
        on_delete=models.PROTECT,
        related_name="participations",
        limit_choices_to={"kind": Body.Kind.EXTERNAL},
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    note = models.CharField(_("opmerking"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deelname aan extern overleg")
        verbose_name_plural = _("deelnames aan extern overleg")
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year"],
                name="participation_unique_body_year",
                violation_error_message=_("Deze deelname staat al genoteerd voor dat jaar."),
            )
        ]

    def __str__(self):
        return f"{self.body} ({self.year})"

    def clean(self):
        if self.body_id and self.body.kind != Body.Kind.EXTERNAL:
            raise ValidationError({"body": _("Kies een extern overleg.")})


class CoordinatorContact(models.Model):
    """A bilateral contact with another coordinator (regisseur) in a year (Tabel 9)."""

    year = models.PositiveSmallIntegerField(_("jaar"))
    person = models.ForeignKey(
        Person,
        verbose_name=_("regisseur/medewerker"),
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    organisation_label = models.CharField(
        _("organisatie/werkingsgebied"),
        max_length=300,
        blank=True,
        help_text=_("Leeg: de organisatie van de persoon."),
    )
    theme = models.CharField(_("thema"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact met een andere regisseur")
        verbose_name_plural = _("contacten met andere regisseurs")
        ordering = ["-year", "pk"]

    def __str__(self):
        return f"{self.person.name} ({self.year}): {self.theme}"

    @property
    def organisation_shown(self) -> str:
        if self.organisation_label:
            return self.organisation_label
        return self.person.organisation.name if self.person.organisation_id else ""
