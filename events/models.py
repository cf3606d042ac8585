"""Public events with workshop registration (a "netwerkdag"): rounds of workshops with a room and a
maximum each, registrations holding one workshop per round, waiting lists, extras to order.

An event is also a calendar entry: it extends ``meetings.Meeting`` (its date, place, host and
publication), so the year calendar, Annex 3 and the iCal feeds list it with the meetings. Whether
a calendar entry is an event is known from the event row, not stored twice.
"""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Organisation
from events.validators import validate_single_line
from meetings.models import Meeting


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
    reminder_days = models.PositiveSmallIntegerField(
        _("herinnering, dagen vooraf"),
        default=3,
        help_text=_("Wie ingeschreven is, krijgt zoveel dagen vooraf één herinnering; 0: geen."),
    )
    erase_after_months = models.PositiveSmallIntegerField(
        _("persoonsgegevens wissen na (maanden)"),
        default=12,
        validators=[MinValueValidator(1)],
        help_text=_("Zoveel maanden na het evenement worden namen en adressen gewist."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evenement")
        verbose_name_plural = _("evenementen")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(erase_after_months__gte=1),
                name="event_erase_after_at_least_a_month",
                violation_error_message=_("Wis persoonsgegevens ten vroegste na één maand."),
            )
        ]

    def __str__(self):
        # An event's title is whole (it has one, see clean): its name needs no lookup of the
        # host or the body, so lists and filters of events cost no query per event.
        return f"{self.title} ({self.date_label})"

    def get_absolute_url(self):
        return reverse("events:event", args=[self.slug])

    def clean(self):
        super().clean()
        if not self.title:
            raise ValidationError({"title": _("Een evenement heeft een titel.")})
        if self.body_id:
            # An event is not a meeting of a body: it never counts towards a body's minimum.
            raise ValidationError({"body": _("Een evenement hoort niet bij een orgaan.")})
        self.kind = self.Kind.VISIT  # a moment in the calendar, never a meeting
        if self.registration_enabled and not self.registration_closes_at:
            raise ValidationError(
                {"registration_closes_at": _("Tot wanneer kan men zich inschrijven?")}
            )

    def seats_taken(self) -> int:
        """Registrations holding a place at the event (waiting and cancelled ones do not)."""
        return self.registrations.with_place().count()

    @property
    def erase_on(self) -> datetime.date:
        """The day from which its registrations' personal data are erased."""
        months = self.date.month - 1 + self.erase_after_months
        year, month = self.date.year + months // 12, months % 12 + 1
        return datetime.date(year, month, min(self.date.day, calendar.monthrange(year, month)[1]))

    def registration_is_open(self, now=None) -> bool:
        if not (self.registration_enabled and self.registration_closes_at):
            return False
        return (now or timezone.now()) <= self.registration_closes_at

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]

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


class SessionQuerySet(models.QuerySet):
    def with_seats(self):
        """Each workshop with ``taken`` (seats held) and ``waiting`` (its waiting list): the one
        count the registration service, the event page and the admin share."""
        return self.annotate(
            taken=models.Count(
                "choices", filter=models.Q(choices__status=SessionChoice.Status.CONFIRMED)
            ),
            waiting=models.Count(
                "choices", filter=models.Q(choices__status=SessionChoice.Status.WAITING)
            ),
        )


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

    objects = SessionQuerySet.as_manager()
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
        if self.pk:
            stored = Session.objects.filter(pk=self.pk).values("round_id", "event_id").first()
            moved = stored and (stored["round_id"], stored["event_id"]) != (
                self.round_id,
                self.event_id,
            )
            if moved and self.choices.exists():
                # Their choices would stay in the old round: two workshops in one round.
                raise ValidationError(
                    {
                        "round": _(
                            "Deze workshop heeft al deelnemers of een wachtlijst; hij kan niet "
                            "meer naar een andere reeks of een ander evenement. Maak een nieuwe "
                            "workshop."
                        )
                    }
                )


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


class RegistrationQuerySet(models.QuerySet):
    """The order of an event's places and waiting list, in one place (as for workshops)."""

    def with_place(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def last_in_first(self):
        """Places, the first to lose theirs when the event's maximum is lowered first (LIFO)."""
        return self.with_place().order_by("-confirmed_at", "-pk")

    def in_line(self):
        """Waiting for a place at the event, the next to get one first (FIFO)."""
        return self.filter(status=Registration.Status.WAITING).order_by("registered_at", "pk")


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
    name = models.CharField(_("naam"), max_length=200, validators=[validate_single_line])
    email = models.EmailField(_("e-mailadres"))
    organisation_name = models.CharField(
        _("organisatie"), max_length=200, validators=[validate_single_line]
    )
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
    # The personal link is this random nonce, signed with SECRET_KEY (events.links): it names no
    # id, cannot be guessed, and is revoked by replacing the nonce.
    link_nonce = models.CharField(max_length=43, unique=True, editable=False)
    added_by_staff = models.BooleanField(_("toegevoegd door de regisseur"), default=False)
    reminder_sent_at = models.DateTimeField(_("herinnering verstuurd op"), null=True, blank=True)
    # When the link was last sent again to someone registering twice: at most once an hour.
    link_resent_at = models.DateTimeField(null=True, blank=True, editable=False)
    erased_at = models.DateTimeField(_("persoonsgegevens gewist op"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["link_nonce", "link_resent_at"])

    class Meta:
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")
        ordering = ["event", "registered_at", "pk"]
        constraints = [
            # An address registers once per event, whatever its capitals.
            models.UniqueConstraint(
                Lower("email"),
                "event",
                name="registration_unique_email",
                violation_error_message=_("Met dit e-mailadres is al iemand ingeschreven."),
            )
        ]
        indexes = [
            models.Index(fields=["event", "status", "confirmed_at"]),
            # The admin lists the newest registrations first, all events together.
            models.Index(fields=["registered_at", "id"], name="registration_newest"),
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation_name})"

    def get_absolute_url(self):
        """The personal page (change or cancel), reachable only through the signed link."""
        from events.links import registration_token

        return reverse("events:registration", args=[self.event.slug, registration_token(self)])

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED


class SessionChoiceQuerySet(models.QuerySet):
    """The order of a workshop's seats and waiting list, in one place: the service moves people
    by it, and the personal page, the admin and the attendance list show it."""

    def seats(self):
        return self.filter(status=SessionChoice.Status.CONFIRMED)

    def last_in_first(self):
        """Seats, the first to lose theirs when a maximum is lowered first (LIFO)."""
        return self.seats().order_by("-confirmed_at", "-pk")

    def in_line(self):
        """The waiting list, the next to get a free seat first (FIFO); only people with a place
        at the event itself can take a workshop seat."""
        return self.filter(
            status=SessionChoice.Status.WAITING,
            registration__status=Registration.Status.CONFIRMED,
        ).order_by("waiting_since", "pk")

    def waiting_for_the_event(self):
        """Waiting for a workshop and for a place at the event: in line once they have one."""
        return self.filter(
            status=SessionChoice.Status.WAITING,
            registration__status=Registration.Status.WAITING,
        ).order_by("registration__registered_at", "registration__pk")


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

    objects = SessionChoiceQuerySet.as_manager()
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


class RegistrationMail(models.Model):
    """Which mail in the outbox was written for which registration: erasing a registration
    deletes exactly its mails, whatever address they went to, and no one else's."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="mails", verbose_name=_("inschrijving")
    )
    email = models.OneToOneField(
        "post_office.Email",
        on_delete=models.CASCADE,
        related_name="registration_link",
        verbose_name=_("e-mail"),
    )

    class Meta:
        verbose_name = _("e-mail van een inschrijving")
        verbose_name_plural = _("e-mails van inschrijvingen")

    def __str__(self):
        return f"{self.registration_id} – {self.email_id}"
