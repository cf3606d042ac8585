"""The yearly document "Jaarverslag N – Jaaractieplan N+1": its prose, its own small tables, and
the approved copies the beheerscomité received.

Everything else in the document is data of the other apps, read by ``reports.queries``: the prose
never types a figure the data already holds. An approval archives the PDF as it was approved
(PDF/A, with its SHA-256); later edits only change the draft.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Person
from contingents.models import Measure
from ilv.markdown import HELP_TEXT as MARKDOWN_HELP
from meetings.models import Decision
from reports.models.plans import YEAR_VALIDATORS, ActionDomain


class AnnualReport(models.Model):
    """One document a year: the report on ``year`` and the action plan for the year after."""

    year = models.PositiveSmallIntegerField(
        _("jaar van het verslag"),
        unique=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Het jaar waarover het verslag gaat; het actieplan is voor het jaar erna."),
    )
    title = models.CharField(
        _("titel"),
        max_length=200,
        blank=True,
        help_text=_("Leeg: “Jaarverslag 2021 – Jaaractieplan 2022”."),
    )
    situation_date = models.DateField(
        _("stand van zaken op"),
        help_text=_("De datum waarop Annex 1 (samenstelling) en Annex 3 (kalender) slaan."),
    )
    foreword_signatory = models.ForeignKey(
        Person,
        verbose_name=_("voorwoord ondertekend door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signed_reports",
    )
    foreword_signatory_role = models.CharField(
        _("hoedanigheid"),
        max_length=200,
        blank=True,
        help_text=_("Bv. “voorzitter ILV regie sociale economie Rivierenland”."),
    )
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jaarverslag")
        verbose_name_plural = _("jaarverslagen")
        ordering = ["-year"]

    def __str__(self):
        return self.display_title

    def get_absolute_url(self):
        return reverse("reports:report", args=[self.year])

    def clean(self):
        # An approved copy belongs to its year for good: /rapporten/<year>/pdf/ serves it.
        if self.pk and self.approvals.exists():
            stored = AnnualReport.objects.filter(pk=self.pk).values_list("year", flat=True).get()
            if stored != self.year:
                raise ValidationError(
                    {"year": _("Dit jaarverslag is goedgekeurd: het jaar kan niet meer wijzigen.")}
                )

    @property
    def display_title(self) -> str:
        return self.title or _("Jaarverslag %(year)s – Jaaractieplan %(next)s") % {
            "year": self.year,
            "next": self.plan_year,
        }

    @property
    def plan_year(self) -> int:
        return self.year + 1


class ListTable(models.Model):
    """A small table of two lists side by side, e.g. Tabel 1 (wish lists) or Tabel 2."""

    report = models.ForeignKey(
        AnnualReport,
        verbose_name=_("jaarverslag"),
        on_delete=models.CASCADE,
        related_name="list_tables",
    )
    caption = models.CharField(_("bijschrift"), max_length=300)
    left_heading = models.CharField(_("kop links"), max_length=200)
    left_items = models.TextField(_("lijst links"), help_text=_("Eén punt per regel."))
    right_heading = models.CharField(_("kop rechts"), max_length=200)
    right_items = models.TextField(_("lijst rechts"), help_text=_("Eén punt per regel."))
    source = models.CharField(_("bron"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tabel met twee lijsten")
        verbose_name_plural = _("tabellen met twee lijsten")
        ordering = ["report", "pk"]

    def __str__(self):
        return self.caption

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip(" •-\t") for line in text.splitlines() if line.strip(" •-\t")]

    @property
    def left(self) -> list[str]:
        return self._lines(self.left_items)

    @property
    def right(self) -> list[str]:
        return self._lines(self.right_items)


class ReportSectionQuerySet(models.QuerySet):
    def in_document_order(self):
        """Parts as the document reads them, a domain's chapter in the plan's order."""
        rank = models.Case(
            *(
                models.When(part=part, then=models.Value(i))
                for i, part in enumerate(ReportSection.Part.values)
            ),
            output_field=models.IntegerField(),
        )
        return self.annotate(part_rank=rank).order_by(
            "report", "part_rank", "domain__position", "position", "pk"
        )


class ReportSection(models.Model):
    """A piece of the document's prose, optionally followed by one of the tables of the data.

    Sections of a part are shown in order; a section without a heading continues the text of the
    one before it (e.g. the text after a table).
    """

    class Part(models.TextChoices):
        FOREWORD = "foreword", _("Voorwoord")
        INTRODUCTION = "introduction", _("Inleidend")
        REPORT = "report", _("Jaarverslag: inleiding")
        LABOUR_MARKET = "labour_market", _("Jaarverslag: de regionale arbeidsmarkt")
        REPORT_DOMAIN = "report_domain", _("Jaarverslag: een actiedomein")
        PLAN = "plan", _("Actieplan: inleiding")

    class Block(models.TextChoices):
        REGION = "region", _("Zin: de deelnemende gemeenten van de regio")
        KEY_FIGURES = "key_figures", _("Kerncijfers arbeidsmarkt van de regio")
        JOBSEEKERS = "jobseekers", _("Werkzoekenden zonder werk per gemeente")
        LIST_TABLE = "list_table", _("Tabel met twee lijsten")
        PROJECTS = "projects", _("Ondersteunde projecten van het jaar")
        COMPARISON = "comparison", _("Regio's vergeleken (maatwerk)")
        CONTINGENT = "contingent", _("Contingent van een maatregel")
        CONTINGENT_CHART = "contingent_chart", _("Grafiek: contingent per maatregel")
        CALLS = "calls", _("Oproepen van het jaar en hun toekenningen")
        CONSULTATIONS = "consultations", _("Deelname aan structureel overleg")
        CONTACTS = "contacts", _("Contacten met andere regisseurs")

    # Blocks that need a choice of their own.
    NEEDS = {Block.CONTINGENT: "measure", Block.LIST_TABLE: "list_table"}

    report = models.ForeignKey(
        AnnualReport,
        verbose_name=_("jaarverslag"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    part = models.CharField(_("deel"), max_length=20, choices=Part.choices)
    domain = models.ForeignKey(
        ActionDomain,
        verbose_name=_("actiedomein"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_sections",
        help_text=_("Voor een hoofdstuk van het jaarverslag: een actiedomein van dat jaar."),
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    heading = models.CharField(
        _("kop"), max_length=300, blank=True, help_text=_("Leeg: de tekst loopt verder.")
    )
    body = models.TextField(_("tekst"), blank=True, help_text=MARKDOWN_HELP)
    block = models.CharField(
        _("tabel of figuur na de tekst"), max_length=20, choices=Block.choices, blank=True
    )
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("maatregel"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_sections",
    )
    list_table = models.ForeignKey(
        ListTable,
        verbose_name=_("tabel met twee lijsten"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sections",
    )
    caption = models.CharField(
        _("bijschrift"),
        max_length=400,
        blank=True,
        help_text=_(
            "Leeg: een bijschrift uit de gegevens. Een voetnoot kan met ^[tekst van de voetnoot]."
        ),
    )
    numbered = models.BooleanField(
        _("genummerd"), default=True, help_text=_("“Tabel N” of “Figuur N” voor het bijschrift.")
    )
    note = models.TextField(
        _("interne opmerking"),
        blank=True,
        help_text=_(
            "Voor de regisseur, bv. wat anders is dan in de bron; komt niet in het verslag."
        ),
    )

    objects = ReportSectionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tekstdeel")
        verbose_name_plural = _("tekstdelen")
        ordering = ["report", "part", "domain__position", "position", "pk"]

    def __str__(self):
        return self.heading or _("%(part)s, deel %(position)s") % {
            "part": self.get_part_display(),
            "position": self.position,
        }

    def clean(self):
        errors = {}
        if self.part == self.Part.REPORT_DOMAIN:
            if not self.domain_id:
                errors["domain"] = _("Kies het actiedomein van dit hoofdstuk.")
            elif self.report_id and self.domain.plan.year != self.report.year:
                errors["domain"] = _("Kies een actiedomein van het jaar %(year)s.") % {
                    "year": self.report.year
                }
        elif self.domain_id:
            errors["domain"] = _("Enkel een hoofdstuk over een actiedomein heeft een actiedomein.")
        missing = {
            "measure": _("Kies de maatregel van deze tabel."),
            "list_table": _("Kies de tabel met twee lijsten die hier komt."),
        }
        for block, field in self.NEEDS.items():
            if block == self.block and not getattr(self, f"{field}_id"):
                errors[field] = missing[field]
            elif block != self.block and getattr(self, f"{field}_id"):
                errors[field] = _("Enkel nodig bij “%(block)s”.") % {"block": block.label}
        if self.list_table_id and self.report_id and self.list_table.report_id != self.report_id:
            errors["list_table"] = _("Kies een tabel van dit jaarverslag.")
        if errors:
            raise ValidationError(errors)


def approval_path(instance: "ReportApproval", filename: str) -> str:
    """rapporten/<year>/<approval date>-<checksum>.pdf: one file per approval, never reused."""
    return (
        f"rapporten/{instance.report.year}/"
        f"goedgekeurd-{instance.approved_on:%Y-%m-%d}-{instance.sha256[:16]}.pdf"
    )


class ReportApproval(models.Model):
    """The beheerscomité approved the document as it was then: that PDF is kept unchanged."""

    report = models.ForeignKey(
        AnnualReport,
        verbose_name=_("jaarverslag"),
        on_delete=models.PROTECT,
        related_name="approvals",
    )
    approved_on = models.DateField(_("goedgekeurd op"))
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("beslissing van het beheerscomité"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_approvals",
    )
    pdf = models.FileField(_("PDF"), upload_to=approval_path, max_length=255, editable=False)
    sha256 = models.CharField(_("SHA-256 van de PDF"), max_length=64, editable=False)
    content_sha256 = models.CharField(
        _("SHA-256 van de inhoud"),
        max_length=64,
        editable=False,
        help_text=_("Van de HTML waaruit de PDF gemaakt werd: toont of er nadien iets wijzigde."),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # The name stays when the account is removed: the archive keeps who recorded it.
    approved_by_name = models.CharField(
        _("vastgelegd door (naam)"), max_length=150, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("goedkeuring")
        verbose_name_plural = _("goedkeuringen")
        ordering = ["report", "-approved_on", "-pk"]
        get_latest_by = ["approved_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "content_sha256"],
                name="reportapproval_content_once",
                violation_error_message=_("Deze inhoud werd al goedgekeurd."),
            )
        ]

    def __str__(self):
        return _("%(report)s, goedgekeurd op %(date)s") % {
            "report": self.report,
            "date": self.approved_on.strftime("%d/%m/%Y"),
        }

    def get_absolute_url(self):
        return reverse("reports:approval_pdf", args=[self.report.year, self.pk])
