"""Meetings of the bodies, the year calendar, and what the region takes part in elsewhere.

A calendar entry is a ``Meeting``: of a body (stuurgroep, beheerscomité, werkgroep…) or a moment
without one (an inspiration visit, an employers' breakfast). Its day may not be fixed yet: then
only its month is known and the calendar shows "Tb." (te bepalen), as Annex 3 of the report does.
"""

import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Body, Membership, Organisation, Person
from meetings.validators import ALLOWED_EXTENSIONS, validate_document


class MeetingQuerySet(models.QuerySet):
    def in_year(self, year: int):
        return self.filter(date__year=year)

    def published(self):
        """What the public may see: every entry except events that are not published (yet)."""
        return self.exclude(event__is_published=False)

    def in_calendar_order(self):
        """As in Annex 3: per month the fixed days first, then the "Tb." entries in entry order."""
        return self.order_by(TruncMonth("date"), "-date_precision", "date", "start_time", "pk")

    def with_fixed_day(self):
        return self.filter(date_precision=Meeting.Precision.DAY)


class Meeting(models.Model):
    class Kind(models.TextChoices):
        MEETING = "meeting", _("Vergadering")
        VISIT = "visit", _("Bezoek")
        EVENT = "event", _("Evenement")

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
        if errors:
            raise ValidationError(errors)

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


class Decision(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("vergadering"), on_delete=models.CASCADE, related_name="decisions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agendapunt"),
        on_delete=models.PROTECT,
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
    done = models.BooleanField(_("afgehandeld"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("beslissing")
        verbose_name_plural = _("beslissingen")
        ordering = ["meeting", "agenda_item__position", "pk"]

    def __str__(self):
        return self.text[:80]

    def clean(self):
        if (
            self.agenda_item_id
            and self.meeting_id
            and self.agenda_item.meeting_id != self.meeting_id
        ):
            raise ValidationError({"agenda_item": _("Kies een agendapunt van deze vergadering.")})
        if self.due_date and not self.follow_up_owner_id:
            raise ValidationError({"follow_up_owner": _("Wie volgt dit op tegen die datum?")})


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


class Event(Meeting):
    """A calendar entry with a public page and workshop registration (a "netwerkdag")."""

    slug = models.SlugField(_("adres"), max_length=120, unique=True)
    intro = models.TextField(_("inleiding"), blank=True)
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("organisator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_events",
    )
    address = models.TextField(_("adres van de locatie"), blank=True)
    audience = models.TextField(_("voor wie?"), blank=True, help_text=_("Eén doelgroep per regel."))
    practical_info = models.TextField(_("praktisch"), blank=True)
    price_label = models.CharField(_("prijs"), max_length=100, default="Gratis")
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    partners = models.TextField(_("met medewerking van"), blank=True)
    capacity = models.PositiveIntegerField(
        _("maximum aantal deelnemers"),
        null=True,
        blank=True,
        help_text=_("Leeg: geen maximum voor het evenement (de workshops hebben elk hun maximum)."),
    )
    registration_enabled = models.BooleanField(_("inschrijven mogelijk"), default=True)
    registration_closes_at = models.DateTimeField(
        _("inschrijven tot"),
        null=True,
        blank=True,
        help_text=_("Daarna sluit het formulier; via het beheer kan het nog."),
    )
    is_published = models.BooleanField(_("gepubliceerd"), default=True)

    class Meta:
        verbose_name = _("evenement")
        verbose_name_plural = _("evenementen")
        ordering = ["-date"]

    def get_absolute_url(self):
        return reverse("events:event", args=[self.slug])

    def clean(self):
        super().clean()
        if not self.title:
            raise ValidationError({"title": _("Een evenement heeft een titel.")})
        if self.registration_enabled and not self.registration_closes_at:
            raise ValidationError(
                {"registration_closes_at": _("Tot wanneer kan men zich inschrijven?")}
            )

    def seats_taken(self) -> int:
        """Registrations holding a place at the event (waiting and cancelled ones do not)."""
        return self.registrations.filter(status=Registration.Status.CONFIRMED).count()

    def registration_is_open(self, now=None) -> bool:
        if not (self.registration_enabled and self.registration_closes_at):
            return False
        return (now or timezone.now()) <= self.registration_closes_at

    @property
    def audience_list(self) -> list[str]:
        return [line.strip(" •-") for line in self.audience.splitlines() if line.strip(" •-")]


class Round(models.Model):
    """A series of workshops at the same time ("reeks"): one choice per round."""

    event = models.ForeignKey(
        Event, verbose_name=_("evenement"), on_delete=models.CASCADE, related_name="rounds"
    )
    number = models.PositiveSmallIntegerField(_("reeks"))
    start_time = models.TimeField(_("begin"))
    end_time = models.TimeField(_("einde"))

    class Meta:
        verbose_name = _("reeks")
        verbose_name_plural = _("reeksen")
        ordering = ["event", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "number"],
                name="round_unique_number",
                violation_error_message=_("Dit evenement heeft al een reeks met dat nummer."),
            ),
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="round_ends_after_start",
                violation_error_message=_("Het einde ligt vóór het begin."),
            ),
        ]

    def __str__(self):
        return _("Reeks %(number)s (%(start)s–%(end)s)") % {
            "number": self.number,
            "start": self.start_time.strftime("%H:%M"),
            "end": self.end_time.strftime("%H:%M"),
        }


class Session(models.Model):
    """A workshop in a round, with a room and a maximum number of participants."""

    event = models.ForeignKey(
        Event, verbose_name=_("evenement"), on_delete=models.CASCADE, related_name="sessions"
    )
    round = models.ForeignKey(
        Round, verbose_name=_("reeks"), on_delete=models.PROTECT, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField(_("nr."))
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True)
    room = models.CharField(_("zaal"), max_length=100)
    capacity = models.PositiveIntegerField(_("maximum aantal deelnemers"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["event", "round__number", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "number"],
                name="session_unique_number",
                violation_error_message=_("Dit evenement heeft al een workshop met dat nummer."),
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def clean(self):
        if self.round_id and self.event_id and self.round.event_id != self.event_id:
            raise ValidationError({"round": _("Kies een reeks van dit evenement.")})


class Speaker(models.Model):
    session = models.ForeignKey(
        Session, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="speakers"
    )
    name = models.CharField(_("naam"), max_length=200)
    organisation_label = models.CharField(
        _("organisatie"), max_length=200, help_text=_("Zoals op de programma-pagina, bv. “VVSG”.")
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("spreker")
        verbose_name_plural = _("sprekers")
        ordering = ["session", "position", "pk"]

    def __str__(self):
        return f"{self.name} ({self.organisation_label})"


class EventExtra(models.Model):
    """Something a participant may order with the registration, e.g. a book at a reduced price."""

    event = models.ForeignKey(
        Event, verbose_name=_("evenement"), on_delete=models.CASCADE, related_name="extras"
    )
    name = models.CharField(_("naam"), max_length=300)
    description = models.TextField(_("uitleg"), blank=True)
    price = models.DecimalField(_("prijs (euro)"), max_digits=8, decimal_places=2)
    needs_shipping_address = models.BooleanField(_("vraagt een verzendadres"), default=True)

    class Meta:
        verbose_name = _("extra")
        verbose_name_plural = _("extra's")
        ordering = ["event", "pk"]

    def __str__(self):
        return self.name


class Registration(models.Model):
    class OrganisationType(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", _("Lokaal bestuur")
        SOCIAL_ECONOMY = "social_economy", _("Sociale-economiebedrijf")
        STAKEHOLDER = "stakeholder", _("Andere stakeholder")

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Ingeschreven")
        WAITING = "waiting", _("Op de wachtlijst")
        CANCELLED = "cancelled", _("Geannuleerd")

    event = models.ForeignKey(
        Event, verbose_name=_("evenement"), on_delete=models.PROTECT, related_name="registrations"
    )
    name = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mailadres"))
    organisation_name = models.CharField(_("organisatie"), max_length=200)
    organisation_type = models.CharField(
        _("soort organisatie"), max_length=20, choices=OrganisationType.choices
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONFIRMED
    )
    registered_at = models.DateTimeField(_("ingeschreven op"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("plaats sinds"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("geannuleerd op"), null=True, blank=True)
    extras = models.ManyToManyField(EventExtra, verbose_name=_("bestelt"), blank=True)
    shipping_address = models.TextField(_("verzendadres"), blank=True)
    consented_at = models.DateTimeField(_("akkoord privacyverklaring op"))
    # The personal link is signed with SECRET_KEY over (pk, nonce): unguessable, and revoked by
    # replacing the nonce (e.g. when the link is sent again after a second registration attempt).
    link_nonce = models.CharField(max_length=43, editable=False)
    added_by_staff = models.BooleanField(_("toegevoegd door de regisseur"), default=False)

    history = HistoricalRecords(excluded_fields=["link_nonce"])

    class Meta:
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")
        ordering = ["event", "registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                name="registration_unique_email",
                violation_error_message=_("Met dit e-mailadres is al iemand ingeschreven."),
            )
        ]
        indexes = [models.Index(fields=["event", "status", "confirmed_at"])]

    def __str__(self):
        return f"{self.name} ({self.organisation_name})"

    def get_absolute_url(self):
        """The personal page (change or cancel), reachable only through the signed link."""
        from meetings.links import registration_token

        return reverse("events:registration", args=[self.event.slug, registration_token(self)])

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED


class SessionChoice(models.Model):
    """A registration's workshop in one round: a seat, or a place on its waiting list."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Plaats")
        WAITING = "waiting", _("Wachtlijst")

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("inschrijving"),
        on_delete=models.CASCADE,
        related_name="choices",
    )
    session = models.ForeignKey(
        Session, verbose_name=_("workshop"), on_delete=models.PROTECT, related_name="choices"
    )
    round = models.ForeignKey(Round, verbose_name=_("reeks"), on_delete=models.PROTECT)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    confirmed_at = models.DateTimeField(_("plaats sinds"), null=True, blank=True)
    # The place in this workshop's waiting list: first waiting, first served.
    waiting_since = models.DateTimeField(_("wacht sinds"), null=True, blank=True)
    attended = models.BooleanField(_("aanwezig"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("workshopkeuze")
        verbose_name_plural = _("deelnemers per workshop")
        ordering = ["session", "status", "confirmed_at", "registration__registered_at"]
        constraints = [
            # One workshop per round per registration.
            models.UniqueConstraint(
                fields=["registration", "round"],
                name="sessionchoice_one_per_round",
                violation_error_message=_("Per reeks kies je één workshop."),
            )
        ]
        indexes = [models.Index(fields=["session", "status", "confirmed_at"])]

    def __str__(self):
        return f"{self.registration.name} – {self.session}"
