"""The actors of the regional social economy: municipalities, regions, organisations, people, the
bodies they meet in, and the labour-market figures per municipality."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.validators import (
    format_enterprise_number,
    validate_enterprise_number,
    validate_nis_code,
)


def periods_overlap(
    start_a: datetime.date | None,
    end_a: datetime.date | None,
    start_b: datetime.date | None,
    end_b: datetime.date | None,
) -> bool:
    """Whether two date ranges share a day; a missing bound is open (ever since, until later)."""
    a_before_b = end_a is not None and start_b is not None and end_a < start_b
    b_before_a = end_b is not None and start_a is not None and end_b < start_a
    return not (a_before_b or b_before_a)


class Municipality(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    nis_code = models.CharField(
        _("NIS-code"),
        max_length=5,
        unique=True,
        validators=[validate_nis_code],
        help_text=_("De code van Statbel, bv. 12025 voor Mechelen."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self):
        return self.name


class RegionQuerySet(models.QuerySet):
    def home(self) -> "Region | None":
        """The coordination area this installation serves (others are there for comparison)."""
        return self.filter(is_home=True).select_related("lead_municipality").first()


class Region(models.Model):
    name = models.CharField(_("naam"), max_length=200, unique=True)
    lead_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("beherende gemeente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_regions",
    )
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("deelnemende gemeenten"), related_name="regions", blank=True
    )
    is_home = models.BooleanField(
        _("eigen regio"),
        default=False,
        help_text=_(
            "De regio waarvoor dit platform werkt. Andere regio's staan er enkel ter vergelijking."
        ),
    )

    objects = RegionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")
        ordering = ["-is_home", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_home"],
                condition=Q(is_home=True),
                name="region_single_home",
                violation_error_message=_("Er kan maar één eigen regio zijn."),
            )
        ]

    def __str__(self):
        return self.name


class Sector(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectoren")
        ordering = ["name"]

    def __str__(self):
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def in_region(self, region: "Region") -> "OrganisationQuerySet":
        """The organisations of ``region``: active in, or with their headquarters in, one of its
        municipalities. In the home region also those without any recorded place: the regisseur
        records the home region's organisations, and the source tables do not always say where
        an organisation works. No join that repeats a row (EXISTS and IN only)."""
        municipalities = region.municipalities.values("pk")
        active_there = Organisation.active_in.through.objects.filter(
            organisation=OuterRef("pk"), municipality__in=municipalities
        )
        placed = Q(Exists(active_there)) | Q(headquarters_municipality__in=municipalities)
        if region.is_home:
            anywhere = Organisation.active_in.through.objects.filter(organisation=OuterRef("pk"))
            placed |= Q(headquarters_municipality__isnull=True) & ~Q(Exists(anywhere))
        return self.filter(placed)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        SOCIAL_ECONOMY = "social_economy", _("Sociale-economieonderneming")
        LOCAL_AUTHORITY = "local_authority", _("Lokaal bestuur")
        WELFARE = "welfare", _("Welzijns- of zorgorganisatie")
        PUBLIC_BODY = "public_body", _("Overheid of overheidsdienst")
        COORDINATOR = "coordinator", _("Andere regie sociale economie")
        NETWORK = "network", _("Koepel, netwerk of sectororganisatie")
        EDUCATION = "education", _("Onderwijs of onderzoek")
        FINANCIER = "financier", _("Solidaire financierder")
        ENTERPRISE = "enterprise", _("Reguliere onderneming")
        OTHER = "other", _("Andere")

    # The fields the public catalogue reads and shows; everything else (the internal description,
    # the enterprise number, people) never leaves the platform. Together with the many-to-many
    # relations active_in and sectors, the aliases and the current measures (contingents).
    PUBLIC_FIELDS = (
        "id",
        "name",
        "headquarters",
        "offer",
        "public_address",
        "public_phone",
        "public_email",
        "website",
    )

    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    headquarters = models.CharField(
        _("hoofdkantoor"),
        max_length=100,
        blank=True,
        help_text=_("Zoals de bron het schrijft, bv. “Antwerpen/Mechelen”."),
    )
    headquarters_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente van het hoofdkantoor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headquartered_organisations",
        help_text=_("Enkel als het hoofdkantoor in een gekende gemeente ligt."),
    )
    active_in = models.ManyToManyField(
        Municipality,
        verbose_name=_("actief in"),
        related_name="active_organisations",
        blank=True,
    )
    enterprise_number = models.CharField(
        _("ondernemingsnummer"),
        max_length=20,  # room for how people type it; stored as 0123.456.749
        blank=True,
        validators=[validate_enterprise_number],
        help_text=_("KBO-nummer, bv. 0123.456.749."),
    )
    website = models.URLField(
        _("website"),
        blank=True,
        help_text=_("Wordt gepubliceerd in de digitale brochure, als de organisatie erin staat."),
    )
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectoren"), related_name="organisations", blank=True
    )
    description = models.TextField(
        _("beschrijving (intern)"),
        blank=True,
        help_text=_("Voor de regisseur en de dashboards; wordt niet gepubliceerd."),
    )
    # The digital brochure (catalogue app): only what is in PUBLIC_FIELDS is ever published.
    in_catalogue = models.BooleanField(
        _("in de digitale brochure"),
        default=False,
        help_text=_(
            "Aangevinkt: de organisatie staat voor iedereen zichtbaar op /organisaties/ en in de "
            "pdf-brochure, met de publieke velden van dit blok."
        ),
    )
    offer = models.TextField(
        _("aanbod (publiek)"),
        blank=True,
        help_text=_(
            "Wat de organisatie doet en aanbiedt, in enkele zinnen. Wordt gepubliceerd in de "
            "digitale brochure."
        ),
    )
    public_address = models.CharField(
        _("adres (publiek)"),
        max_length=300,
        blank=True,
        help_text=_("Bv. Straat 1, 2800 Mechelen. Wordt gepubliceerd in de digitale brochure."),
    )
    public_phone = models.CharField(
        _("telefoon (publiek)"),
        max_length=30,
        blank=True,
        help_text=_("Een algemeen nummer. Wordt gepubliceerd in de digitale brochure."),
    )
    public_email = models.EmailField(
        _("e-mailadres (publiek)"),
        blank=True,
        help_text=_(
            "Een algemeen adres (bv. info@…), geen persoonlijk adres. Wordt gepubliceerd in de "
            "digitale brochure."
        ),
    )

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        permissions = [("import_organisation", _("Kan organisaties importeren"))]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise_number"],
                condition=~Q(enterprise_number=""),
                name="organisation_unique_enterprise_number",
                violation_error_message=_(
                    "Een andere organisatie heeft dit ondernemingsnummer al."
                ),
            )
        ]

    def __str__(self):
        return self.name

    def clean_fields(self, exclude=None):
        # Stored in the official notation (before the length check sees "BE 0123 456 749"), so
        # that a number typed in any of its usual forms is found again and counted as the same.
        if self.enterprise_number:
            self.enterprise_number = format_enterprise_number(self.enterprise_number)
        super().clean_fields(exclude=exclude)


class OrganisationAlias(models.Model):
    """Another name under which a source lists an organisation (DWSE writes "Ecoso vzw", "WEBO").

    Imports find an organisation by its name or by one of these, so a table can be imported as
    the source wrote it.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="aliases",
    )
    name = models.CharField(_("andere naam"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("andere naam")
        verbose_name_plural = _("andere namen")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        clash = Organisation.objects.filter(name__iexact=self.name)
        if self.organisation_id:
            clash = clash.exclude(pk=self.organisation_id)
        if clash.exists():
            message = _("“%(name)s” is de naam van een andere organisatie.")
            raise ValidationError({"name": message % {"name": self.name}})


class Person(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    function = models.CharField(_("functie"), max_length=300, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        help_text=_(
            "Wat deze login mag lezen, volgt uit de lidmaatschappen van de persoon: een lid van "
            "de stuurgroep leest de stuurgroep, een lid van het beheerscomité het beheerscomité."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        ordering = ["name"]

    def __str__(self):
        where = self.municipality or self.organisation
        return f"{self.name} ({where})" if where else self.name


class Body(models.Model):
    class Kind(models.TextChoices):
        STEERING_GROUP = "steering_group", _("Stuurgroep")
        MANAGEMENT_COMMITTEE = "management_committee", _("Beheerscomité")
        WORKING_GROUP = "working_group", _("Werkgroep")
        NETWORK = "network", _("Netwerk")
        EXTERNAL = "external", _("Extern structureel overleg")

    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("regio"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
        help_text=_("Leeg voor overleg dat een partner organiseert."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("onderdeel van"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("Bv. een thematische werkgroep van het Regionaal Ervaringsnetwerk."),
    )
    organiser = models.CharField(
        _("organisator"),
        max_length=200,
        blank=True,
        help_text=_("Voor extern overleg: wie het organiseert, bv. “VDAB/stad Mechelen”."),
    )
    min_meetings_per_year = models.PositiveSmallIntegerField(
        _("minimum aantal vergaderingen per jaar"), default=0
    )
    started_on = models.DateField(
        _("actief sinds"),
        null=True,
        blank=True,
        help_text=_(
            "De oprichting of de eerste vergadering. Het minimum geldt vanaf dat jaar, in het "
            "eerste jaar naar rato van de resterende maanden. Is enkel de maand gekend, kies dan "
            "de eerste dag."
        ),
    )
    description = models.TextField(_("beschrijving"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("orgaan")
        verbose_name_plural = _("organen")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind == self.Kind.EXTERNAL and not self.organiser:
            raise ValidationError(
                {"organiser": _("Vul de organisator in van dit externe overleg.")}
            )
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("Een orgaan kan geen onderdeel van zichzelf zijn.")})

    def minimum_in(self, year: int) -> int | None:
        """How many meetings the body owes in ``year``; None before it existed.

        A body that starts in the course of a year cannot be held to a whole year's minimum: in
        its first year the minimum counts the months from its start, rounded to the nearest
        meeting, so a working group that meets quarterly and started in December owes nothing
        that year, and one started in July owes half.
        """
        if self.started_on is None or year > self.started_on.year:
            return self.min_meetings_per_year
        if year < self.started_on.year:
            return None
        months_left = 13 - self.started_on.month
        return (self.min_meetings_per_year * months_left + 6) // 12


class MembershipQuerySet(models.QuerySet):
    def active_on(self, date: datetime.date):
        """Memberships that run on ``date`` (an open start or end counts as running)."""
        return self.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=date),
            Q(end_date__isnull=True) | Q(end_date__gte=date),
        )

    def in_protocol_order(self):
        """Chair, vice-chair, members, secretariat; then by municipality and name, as in Annex 1."""
        rank = Case(
            *(When(role=role, then=Value(i)) for i, role in enumerate(Membership.Role.values)),
            output_field=models.IntegerField(),
        )
        return self.annotate(role_rank=rank).order_by(
            "body__name", "role_rank", "municipality__name", "person__name"
        )


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Voorzitter")
        VICE_CHAIR = "vice_chair", _("Ondervoorzitter")
        MEMBER = "member", _("Lid")
        SECRETARIAT = "secretariat", _("Secretariaat")

    # A body has one chair and one vice-chair at a time.
    SINGLE_ROLES = (Role.CHAIR, Role.VICE_CHAIR)

    person = models.ForeignKey(
        Person, verbose_name=_("persoon"), on_delete=models.CASCADE, related_name="memberships"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("orgaan"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("vertegenwoordigt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        help_text=_("De gemeente die deze persoon in het orgaan vertegenwoordigt."),
    )
    start_date = models.DateField(
        _("vanaf"), null=True, blank=True, help_text=_("Leeg: sinds het begin.")
    )
    end_date = models.DateField(
        _("tot en met"), null=True, blank=True, help_text=_("Leeg: tot nader order.")
    )

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["body__name", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="membership_end_after_start",
                violation_error_message=_("De einddatum ligt vóór de begindatum."),
            )
        ]

    def __str__(self):
        return f"{self.person.name} – {self.get_role_display()} – {self.body}"

    def overlaps(self, other: "Membership") -> bool:
        return periods_overlap(self.start_date, self.end_date, other.start_date, other.end_date)

    def conflicts_with(self, other: "Membership") -> str | None:
        """Why this membership cannot run beside ``other`` in the same body, or None."""
        if other.body_id != self.body_id or not self.overlaps(other):
            return None
        if other.person_id == self.person_id:
            return _("%(person)s is in die periode al lid van %(body)s.") % {
                "person": self.person.name,
                "body": self.body,
            }
        if self.role in self.SINGLE_ROLES and other.role == self.role:
            return _("%(body)s heeft in die periode al een %(role)s: %(person)s.") % {
                "body": self.body,
                "role": self.get_role_display().lower(),
                "person": other.person.name,
            }
        return None

    def clean(self):
        if not (self.person_id and self.body_id):
            return
        others = (
            Membership.objects.filter(body_id=self.body_id)
            .exclude(pk=self.pk)
            .select_related("person", "body")
        )
        for other in others:
            problem = self.conflicts_with(other)
            if problem:
                raise ValidationError(problem)

    def is_active_on(self, date: datetime.date) -> bool:
        return periods_overlap(self.start_date, self.end_date, date, date)


class LabourMarketFigure(models.Model):
    """One VDAB figure for a municipality or a whole region in one month.

    A cell the source leaves empty is no row at all; a cell the source withholds for privacy
    (Arvastat hides very small counts) is a row with ``is_withheld`` and no value: both differ
    from zero.
    """

    class Indicator(models.TextChoices):
        JOBSEEKER_RATE = "jobseeker_rate", _("Werkzoekendegraad (%)")
        JOBSEEKERS = "jobseekers", _("Werkzoekenden zonder werk")
        LOW_SKILLED = "low_skilled", _("Kortgeschoolde werkzoekenden")
        WORK_DISABILITY = "work_disability", _("Werkzoekenden met een arbeidsbeperking")
        MIGRANT_BACKGROUND = "migrant_background", _("Werkzoekenden van allochtone afkomst")
        LIMITED_DUTCH = "limited_dutch", _("Werkzoekenden met weinig kennis NL")
        LONG_TERM = "long_term", _("Langdurige werkzoekenden (=>2 jaar)")
        VACANCIES_RECEIVED = "vacancies_received", _("Ontvangen vacatures")
        VACANCIES_OPEN = "vacancies_open", _("Openstaande vacatures")
        POPULATION = "population", _("Inwoners")

    # Indicators that are a percentage; all others count people or vacancies.
    PERCENTAGES = frozenset({Indicator.JOBSEEKER_RATE})

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="labour_market_figures",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("regio"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="labour_market_figures",
    )
    indicator = models.CharField(_("indicator"), max_length=30, choices=Indicator.choices)
    reference_month = models.DateField(
        _("referentiemaand"), help_text=_("De eerste dag van de maand waarop het cijfer slaat.")
    )
    value = models.DecimalField(_("waarde"), max_digits=12, decimal_places=2, null=True, blank=True)
    is_withheld = models.BooleanField(
        _("afgeschermd"),
        default=False,
        help_text=_("De bron toont dit cijfer niet (te klein, privacy). Laat de waarde dan leeg."),
    )
    source = models.CharField(_("bron"), max_length=200, default="VDAB, Arvastat")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("arbeidsmarktcijfer")
        verbose_name_plural = _("arbeidsmarktcijfers")
        ordering = ["-reference_month", "indicator", "region__name", "municipality__name"]
        permissions = [("import_labourmarketfigure", _("Kan arbeidsmarktcijfers importeren"))]
        indexes = [
            models.Index(fields=["indicator", "reference_month"]),
            # The admin's newest-first list and its date hierarchy (first and last month).
            models.Index(fields=["reference_month", "indicator"], name="labourfigure_month_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=False, region__isnull=True)
                | Q(municipality__isnull=True, region__isnull=False),
                name="labourmarketfigure_one_area",
                violation_error_message=_("Kies een gemeente óf een regio."),
            ),
            models.CheckConstraint(
                condition=Q(is_withheld=True, value__isnull=True)
                | Q(is_withheld=False, value__isnull=False),
                name="labourmarketfigure_value_or_withheld",
                violation_error_message=_(
                    "Geef een waarde, of duid aan dat de bron het cijfer afschermt (niet beide)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="labourmarketfigure_value_not_negative",
                violation_error_message=_("Een arbeidsmarktcijfer kan niet negatief zijn."),
            ),
            models.UniqueConstraint(
                fields=["municipality", "indicator", "reference_month"],
                condition=Q(municipality__isnull=False),
                name="labourmarketfigure_unique_municipality_month",
                violation_error_message=_(
                    "Er is al een cijfer voor deze gemeente, indicator en maand."
                ),
            ),
            models.UniqueConstraint(
                fields=["region", "indicator", "reference_month"],
                condition=Q(region__isnull=False),
                name="labourmarketfigure_unique_region_month",
                violation_error_message=_(
                    "Er is al een cijfer voor deze regio, indicator en maand."
                ),
            ),
        ]

    def __str__(self):
        # Not get_indicator_display(): it translates every label of the list on each call, and
        # an import of 10,000 figures describes each of them in the admin log.
        indicator = (
            self.Indicator(self.indicator).label
            if self.indicator in self.Indicator.values
            else self.indicator
        )
        return f"{indicator} – {self.area} – {self.reference_month:%m/%Y}"

    def clean(self):
        errors = {}
        if self.reference_month and self.reference_month.day != 1:
            errors["reference_month"] = _("Kies de eerste dag van de maand.")
        if self.value is not None:
            if self.is_percentage and self.value > 100:
                errors["value"] = _("Een percentage ligt tussen 0 en 100.")
            elif not self.is_percentage and self.value != self.value.to_integral_value():
                errors["value"] = _(
                    "%(indicator)s is een aantal: geef een geheel getal, zonder scheidingsteken "
                    "voor duizendtallen."
                ) % {"indicator": self.get_indicator_display()}
        if errors:
            raise ValidationError(errors)

    @property
    def area(self):
        return self.municipality or self.region

    @property
    def is_percentage(self) -> bool:
        return self.indicator in self.PERCENTAGES
