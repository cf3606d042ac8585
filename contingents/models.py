"""Contingents of the social economy: what each organisation is granted, from when, through which
call, and how much of it is filled.

History is never overwritten: a new allocation is a new row from a later date, and the contingent
at a date is the latest allocation on or before it (``queries.contingent_tables``).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Organisation, Region


class Measure(models.Model):
    class Phase(models.TextChoices):
        ACTIVE = "active", _("Actief")
        PHASING_OUT = "phasing_out", _("In afbouw")

    code = models.SlugField(
        _("code"), max_length=40, unique=True, help_text=_("Kort, voor adressen en bestanden.")
    )
    name = models.CharField(_("naam"), max_length=200, unique=True)
    short_name = models.CharField(_("korte naam"), max_length=60)
    counts_fte = models.BooleanField(
        _("telt VTE"),
        default=True,
        help_text=_("Uit voor een erkenning zonder aantal VTE, zoals AMA welzijn."),
    )
    phase = models.CharField(_("fase"), max_length=20, choices=Phase.choices, default=Phase.ACTIVE)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("opvolger"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("De maatregel die deze vervangt, bv. individueel maatwerk voor LDE."),
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    default_source = models.CharField(_("gebruikelijke bron"), max_length=200, default="DWSE")
    description = models.TextField(_("beschrijving"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("maatregel")
        verbose_name_plural = _("maatregelen")
        ordering = ["position", "name"]

    def __str__(self):
        return self.short_name or self.name

    def clean(self):
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": _("Een maatregel kan zichzelf niet opvolgen.")})


class Call(models.Model):
    """A round in which FTE of a measure are (re)distributed, e.g. the LDE call of August 2021."""

    class Kind(models.TextChoices):
        DISTRIBUTION = "distribution", _("Verdelingsoproep")
        REDISTRIBUTION = "redistribution", _("Herverdelingsoproep")
        EXTENSION = "extension", _("Oproep tot uitbreiding")

    name = models.CharField(_("naam"), max_length=200, unique=True)
    measure = models.ForeignKey(
        Measure, verbose_name=_("maatregel"), on_delete=models.PROTECT, related_name="calls"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    opened_on = models.DateField(_("gelanceerd op"))
    deadline = models.DateField(_("indienen tot"), null=True, blank=True)
    effective_from = models.DateField(
        _("toekenning vanaf"), null=True, blank=True, help_text=_("Vanaf wanneer de VTE gelden.")
    )
    total_fte = models.DecimalField(
        _("te verdelen VTE"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    description = models.TextField(_("beschrijving"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("oproep")
        verbose_name_plural = _("oproepen")
        ordering = ["-opened_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_fte__isnull=True) | Q(total_fte__gte=0),
                name="call_total_fte_not_negative",
                violation_error_message=_("Het aantal VTE kan niet negatief zijn."),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.deadline and self.opened_on and self.deadline < self.opened_on:
            raise ValidationError({"deadline": _("De indiendatum ligt vóór de lancering.")})


class Allocation(models.Model):
    """FTE of one measure granted to one organisation from a date on (a "toekenning")."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    measure = models.ForeignKey(
        Measure, verbose_name=_("maatregel"), on_delete=models.PROTECT, related_name="allocations"
    )
    valid_from = models.DateField(_("vanaf"))
    fte = models.DecimalField(
        _("VTE"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leeg voor een erkenning zonder VTE, of als de bron enkel “in uitdoof” meldt."),
    )
    phasing_out = models.BooleanField(
        _("in uitdoof"), default=False, help_text=_("Het contingent wordt afgebouwd.")
    )
    deployed_outside_region = models.BooleanField(
        _("niet (volledig) in onze regio ingezet"),
        default=False,
        help_text=_(
            "Toegekend aan de organisatie, maar niet noodzakelijk volledig in onze regio ingezet "
            "(de * in de tabellen)."
        ),
    )
    call = models.ForeignKey(
        Call,
        verbose_name=_("oproep"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="allocations",
    )
    note = models.TextField(_("opmerking"), blank=True)
    source = models.CharField(_("bron"), max_length=200, default="DWSE")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("toekenning")
        verbose_name_plural = _("toekenningen")
        ordering = ["measure__position", "organisation__name", "valid_from"]
        permissions = [("import_allocation", _("Kan toekenningen importeren"))]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "measure", "valid_from"],
                name="allocation_unique_organisation_measure_date",
                violation_error_message=_(
                    "Deze organisatie heeft voor deze maatregel al een toekenning vanaf die datum. "
                    "Pas die aan, of kies een andere datum."
                ),
            ),
            models.CheckConstraint(
                condition=Q(fte__isnull=True) | Q(fte__gte=0),
                name="allocation_fte_not_negative",
                violation_error_message=_("Het aantal VTE kan niet negatief zijn."),
            ),
        ]
        indexes = [
            models.Index(fields=["measure", "valid_from"]),
            # The admin lists the newest allocations first, all measures together.
            models.Index(fields=["valid_from", "id"], name="allocation_newest"),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.measure} – {self.valid_from:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("contingents:organisation", args=[self.organisation_id])

    def clean(self):
        if not self.measure_id:
            return
        if self.measure.counts_fte and self.fte is None and not self.phasing_out:
            raise ValidationError(
                {"fte": _("Vul het aantal VTE in (of duid aan dat het contingent in uitdoof is).")}
            )
        if not self.measure.counts_fte and self.fte is not None:
            raise ValidationError(
                {
                    "fte": _("%(measure)s telt geen VTE: laat het aantal leeg.")
                    % {"measure": self.measure}
                }
            )


class Application(models.Model):
    """An organisation's application in a call: what it asked, what it got and for what."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Ingediend")
        GRANTED = "granted", _("Toegekend")
        REFUSED = "refused", _("Geweigerd")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    call = models.ForeignKey(
        Call, verbose_name=_("oproep"), on_delete=models.CASCADE, related_name="applications"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    requested_fte = models.DecimalField(
        _("gevraagde VTE"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    granted_fte = models.DecimalField(
        _("toegekende VTE"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    purpose = models.TextField(_("waarvoor"), blank=True)
    allocation = models.ForeignKey(
        Allocation,
        verbose_name=_("resulterende toekenning"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    note = models.TextField(_("opmerking"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kandidatuur")
        verbose_name_plural = _("kandidaturen")
        ordering = ["call", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organisation"],
                name="application_unique_call_organisation",
                violation_error_message=_("Deze organisatie diende al in voor deze oproep."),
            ),
            models.CheckConstraint(
                condition=(Q(requested_fte__isnull=True) | Q(requested_fte__gte=0))
                & (Q(granted_fte__isnull=True) | Q(granted_fte__gte=0)),
                name="application_fte_not_negative",
                violation_error_message=_("Het aantal VTE kan niet negatief zijn."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.call}"

    def clean(self):
        errors = {}
        if self.status == self.Status.GRANTED and self.granted_fte is None:
            errors["granted_fte"] = _("Vul in hoeveel VTE er werden toegekend.")
        if self.status in (self.Status.REFUSED, self.Status.WITHDRAWN) and self.granted_fte:
            errors["granted_fte"] = _("Een geweigerde of ingetrokken kandidatuur kreeg geen VTE.")
        other_organisation = (
            self.allocation_id
            and self.organisation_id
            and self.allocation.organisation_id != self.organisation_id
        )
        if other_organisation:
            errors["allocation"] = _("Die toekenning hoort bij een andere organisatie.")
        if errors:
            raise ValidationError(errors)


def quarter_start(date: datetime.date) -> datetime.date:
    return datetime.date(date.year, 3 * ((date.month - 1) // 3) + 1, 1)


class Occupancy(models.Model):
    """FTE actually filled in a quarter, against what was allocated (the "bezetting")."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="occupancies",
    )
    measure = models.ForeignKey(
        Measure, verbose_name=_("maatregel"), on_delete=models.PROTECT, related_name="occupancies"
    )
    quarter = models.DateField(
        _("kwartaal"), help_text=_("De eerste dag van het kwartaal, bv. 01/07/2021 voor K3 2021.")
    )
    fte_filled = models.DecimalField(_("bezette VTE"), max_digits=8, decimal_places=2)
    source = models.CharField(_("bron"), max_length=200, default="DWSE")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bezetting")
        verbose_name_plural = _("bezettingen")
        ordering = ["measure__position", "organisation__name", "-quarter"]
        permissions = [("import_occupancy", _("Kan bezettingen importeren"))]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "measure", "quarter"],
                name="occupancy_unique_organisation_measure_quarter",
                violation_error_message=_(
                    "Er is al een bezetting voor deze organisatie, maatregel en dit kwartaal."
                ),
            ),
            models.CheckConstraint(
                condition=Q(fte_filled__gte=0),
                name="occupancy_fte_not_negative",
                violation_error_message=_("Het aantal VTE kan niet negatief zijn."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.measure} – {self.quarter_label}"

    def clean(self):
        if self.quarter and self.quarter != quarter_start(self.quarter):
            raise ValidationError(
                {"quarter": _("Kies de eerste dag van een kwartaal: 1/01, 1/04, 1/07 of 1/10.")}
            )
        if self.measure_id and not self.measure.counts_fte:
            raise ValidationError(
                {"measure": _("%(measure)s telt geen VTE.") % {"measure": self.measure}}
            )

    @property
    def quarter_label(self) -> str:
        return _("K%(q)s %(year)s") % {
            "q": (self.quarter.month - 1) // 3 + 1,
            "year": self.quarter.year,
        }


class RegionalComparison(models.Model):
    """A coordination area's total for a measure at a date, to compare regions (Tabel 3)."""

    region = models.ForeignKey(
        Region, verbose_name=_("regio"), on_delete=models.PROTECT, related_name="comparisons"
    )
    measure = models.ForeignKey(
        Measure, verbose_name=_("maatregel"), on_delete=models.PROTECT, related_name="comparisons"
    )
    reference_date = models.DateField(_("peildatum"))
    enterprises = models.PositiveIntegerField(_("aantal ondernemingen"))
    fte = models.DecimalField(_("VTE"), max_digits=12, decimal_places=3)
    source = models.CharField(_("bron"), max_length=200, default="DWSE")
    note = models.CharField(_("opmerking"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("regiovergelijking")
        verbose_name_plural = _("regiovergelijkingen")
        ordering = ["-reference_date", "measure__position", "-fte"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "measure", "reference_date"],
                name="regionalcomparison_unique",
                violation_error_message=_(
                    "Er is al een cijfer voor deze regio, maatregel en datum."
                ),
            ),
            models.CheckConstraint(
                condition=Q(fte__gte=0),
                name="regionalcomparison_fte_not_negative",
                violation_error_message=_("Het aantal VTE kan niet negatief zijn."),
            ),
        ]

    def __str__(self):
        return f"{self.region} – {self.measure} – {self.reference_date:%d/%m/%Y}"


class FlandersTotal(models.Model):
    """All of Flanders for a measure at a date: the base of the shares in Tabel 3."""

    measure = models.ForeignKey(
        Measure,
        verbose_name=_("maatregel"),
        on_delete=models.PROTECT,
        related_name="flanders_totals",
    )
    reference_date = models.DateField(_("peildatum"))
    enterprises = models.PositiveIntegerField(_("aantal ondernemingen"))
    fte = models.DecimalField(_("VTE"), max_digits=12, decimal_places=3)
    source = models.CharField(_("bron"), max_length=200, default="DWSE")
    note = models.CharField(_("opmerking"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("totaal Vlaanderen")
        verbose_name_plural = _("totalen Vlaanderen")
        ordering = ["-reference_date", "measure__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "reference_date"],
                name="flanderstotal_unique",
                violation_error_message=_("Er is al een totaal voor deze maatregel en datum."),
            ),
            models.CheckConstraint(
                condition=Q(fte__gt=0) & Q(enterprises__gt=0),
                name="flanderstotal_positive",
                violation_error_message=_("Een totaal voor Vlaanderen is groter dan nul."),
            ),
        ]

    def __str__(self):
        return f"{self.measure} – {self.reference_date:%d/%m/%Y}"
