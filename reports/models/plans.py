"""The yearly action plan ("jaaractieplan"): its action domains with their daily work, themes and
actions, and the projects the region supported that year.

The domains are data of each plan year, not constants: 2020–2025 has the three the Flemish
government imposes, a later policy cycle may have others. A municipality must take part in at
least one action in each domain of a year (``reports.queries.action_compliance``).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Municipality, Organisation
from ilv.markdown import HELP_TEXT as MARKDOWN_HELP
from meetings.models import Meeting

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class ActionPlan(models.Model):
    year = models.PositiveSmallIntegerField(_("jaar"), unique=True, validators=YEAR_VALIDATORS)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jaaractieplan")
        verbose_name_plural = _("jaaractieplannen")
        ordering = ["-year"]

    def __str__(self):
        return _("Jaaractieplan %(year)s") % {"year": self.year}


class ActionDomain(models.Model):
    """One of a plan year's action domains, e.g. "Netwerking op het grondgebied stimuleren"."""

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("jaaractieplan"),
        on_delete=models.CASCADE,
        related_name="domains",
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    name = models.CharField(_("naam"), max_length=200)
    short_name = models.CharField(
        _("korte naam"),
        max_length=100,
        help_text=_("Voor tabellen en Annex 2, bv. “netwerking stimuleren”."),
    )
    intro = models.TextField(_("inleiding in het actieplan"), blank=True, help_text=MARKDOWN_HELP)
    daily_work_intro = models.TextField(
        _("inleiding dagelijkse werking"),
        blank=True,
        help_text=format_lazy(
            "{} {}", _("Staat boven de opsomming van de dagelijkse werking."), MARKDOWN_HELP
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("actiedomein")
        verbose_name_plural = _("actiedomeinen")
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "name"],
                name="actiondomain_unique_name_per_plan",
                violation_error_message=_("Dit actieplan heeft al een actiedomein met die naam."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.plan.year})"


class Theme(models.Model):
    """A theme within a domain, with the context that explains its actions."""

    domain = models.ForeignKey(
        ActionDomain, verbose_name=_("actiedomein"), on_delete=models.CASCADE, related_name="themes"
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    title = models.CharField(_("titel"), max_length=300)
    annex_title = models.CharField(
        _("titel in Annex 2"),
        max_length=300,
        blank=True,
        help_text=_("Leeg: dezelfde titel."),
    )
    context = models.TextField(_("context"), blank=True, help_text=MARKDOWN_HELP)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["domain", "position", "pk"]

    def __str__(self):
        return self.title


class ActionQuerySet(models.QuerySet):
    def specific(self):
        """Actions of the plan proper, not the standing daily work."""
        return self.filter(is_daily_work=False)

    def daily_work(self):
        return self.filter(is_daily_work=True)

    def unfinished(self):
        """Planned or ongoing actions: the ones next year's plan can carry over."""
        return self.specific().filter(status__in=[Action.Status.PLANNED, Action.Status.ONGOING])


class Action(models.Model):
    """An action of a plan year ("In 2022 willen we graag: ✓ …"), or an item of daily work."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("gepland")
        ONGOING = "ongoing", _("lopend")
        DONE = "done", _("afgerond")
        DROPPED = "dropped", _("geschrapt")

    domain = models.ForeignKey(
        ActionDomain,
        verbose_name=_("actiedomein"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("thema"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        help_text=_("Leeg: de actie staat onder het actiedomein zelf."),
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    is_daily_work = models.BooleanField(
        _("dagelijkse werking"),
        default=False,
        help_text=_("Vaste werking van de regie, geen actie van het jaar."),
    )
    text = models.TextField(_("formulering in het actieplan"))
    annex_text = models.CharField(
        _("formulering in Annex 2"),
        max_length=300,
        blank=True,
        help_text=_("Een kortere formulering voor het overzicht; leeg: dezelfde."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    lead_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("trekker (gemeente)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_actions",
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("trekker (organisatie)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_actions",
        help_text=_("Een gemeente óf een organisatie, bv. stad Lier."),
    )
    partners = models.ManyToManyField(
        Organisation,
        verbose_name=_("partners"),
        related_name="partner_actions",
        blank=True,
    )
    whole_region = models.BooleanField(
        _("alle deelnemende gemeenten"),
        default=False,
        help_text=_("Een regionale actie: elke gemeente van de regio neemt eraan deel."),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("deelnemende gemeenten"),
        related_name="actions",
        blank=True,
        help_text=_(
            "Telt mee voor de opvolging: elke gemeente neemt jaarlijks deel aan minstens één "
            "actie per actiedomein. De gemeente die trekt, telt ook mee."
        ),
    )
    timing = models.CharField(
        _("timing"), max_length=100, blank=True, help_text=_("Bv. “najaar 2022”.")
    )
    starts_on = models.DateField(_("van"), null=True, blank=True)
    ends_on = models.DateField(_("tot en met"), null=True, blank=True)
    meetings = models.ManyToManyField(
        Meeting,
        verbose_name=_("vergaderingen en evenementen"),
        related_name="actions",
        blank=True,
        help_text=_("De momenten uit de jaarkalender die deze actie uitvoeren."),
    )
    evaluation = models.TextField(
        _("evaluatie"),
        blank=True,
        help_text=format_lazy(
            "{} {}", _("Op het einde van het jaar; komt in het jaarverslag."), MARKDOWN_HELP
        ),
    )
    note = models.TextField(
        _("interne opmerking"),
        blank=True,
        help_text=_(
            "Voor de regisseur, bv. waar de gegevens vandaan komen; komt niet in het verslag."
        ),
    )
    carried_over_from = models.ForeignKey(
        "self",
        verbose_name=_("overgenomen van"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_over_to",
    )

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["domain", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lead_municipality__isnull=True) | Q(lead_organisation__isnull=True),
                name="action_one_lead",
                violation_error_message=_("Kies als trekker een gemeente óf een organisatie."),
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="action_ends_after_start",
                violation_error_message=_("De einddatum ligt vóór de begindatum."),
            ),
        ]

    def __str__(self):
        return Truncator(self.annex_wording).chars(100)

    def clean(self):
        errors = {}
        if self.theme_id and self.domain_id and self.theme.domain_id != self.domain_id:
            errors["theme"] = _("Kies een thema van dit actiedomein.")
        if self.is_daily_work and self.theme_id:
            errors["theme"] = _("De dagelijkse werking staat niet onder een thema.")
        if errors:
            raise ValidationError(errors)

    @property
    def annex_wording(self) -> str:
        return self.annex_text or self.text

    @property
    def lead(self) -> Municipality | Organisation | None:
        return self.lead_municipality or self.lead_organisation

    @property
    def when(self) -> str:
        """As Annex 2 writes it: the timing, else the dates, else the days of its meetings."""
        if self.timing:
            return self.timing
        if self.starts_on:
            start = self.starts_on.strftime("%d/%m/%Y")
            if self.ends_on and self.ends_on != self.starts_on:
                return f"{start}–{self.ends_on:%d/%m/%Y}"
            return start
        return ", ".join(meeting.date_label for meeting in self.meetings.all())

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.DROPPED)


class SupportedProject(models.Model):
    """A project the region supported in a year (advice, promotion, matchmaking, tasks)."""

    year = models.PositiveSmallIntegerField(_("jaar"), validators=YEAR_VALIDATORS)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    name = models.CharField(_("naam"), max_length=300)
    partners_label = models.CharField(
        _("partners zoals in het verslag"),
        max_length=300,
        blank=True,
        help_text=_(
            "Zoals het verslag ze tussen haakjes noemt, bv. “Ecoso, stad Mechelen”; leeg: "
            "niets tussen haakjes. De partners hieronder koppelen het project aan de organisaties."
        ),
    )
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("partners"), related_name="supported_projects", blank=True
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("beschrijving"), blank=True, help_text=MARKDOWN_HELP)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ondersteund project")
        verbose_name_plural = _("ondersteunde projecten")
        ordering = ["-year", "position", "pk"]

    def __str__(self):
        return f"{self.name} ({self.year})"
