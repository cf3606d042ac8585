"""The annual report as one read model: its outline, its prose and every table, in order.

The HTML page and the PDF render the same ``Document`` from one template tree. Each table comes
from the read function that the app's own page uses (actors, contingents, meetings), so the report
holds no figure of its own, and a table in the report is the table on the dashboard. Tables and
figures are numbered here, in the order they appear.

The report on year N shows the data of year N: contingents on or before 31 December N, the
labour market of January N and January N+1, the meetings of N; the plan part shows plan N+1 and
the calendar of N+1.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils.dateformat import format as date_format
from django.utils.html import conditional_escape
from django.utils.translation import gettext as _

from actors.models import Body, LabourMarketFigure, Organisation, Region
from actors.queries import KeyFigureTable, body_members, municipality_year_on_year
from actors.queries import region_key_figures as key_figures_for
from contingents.models import Measure
from contingents.queries import (
    calls_in_year,
    contingent_tables,
    latest_dates,
    regional_comparison,
)
from ilv.charts import bar_chart
from ilv.markdown import caption_and_notes
from ilv.templatetags.ilv_format import fte
from meetings.models import Meeting
from meetings.queries import consultations, coordinator_contacts, meeting_minimums, year_calendar
from reports.models import (
    Action,
    ActionDomain,
    ActionPlan,
    AnnualReport,
    ReportSection,
    SupportedProject,
    Theme,
)
from reports.queries.compliance import action_compliance

Part = ReportSection.Part
Kind = ReportSection.Block

TABLE, FIGURE = "table", "figure"


@dataclass
class Caption:
    kind: str  # TABLE or FIGURE
    text: str  # plain text made from the data, or the regisseur's Markdown (``markdown``)
    numbered: bool = True
    number: int | None = None
    markdown: bool = False

    @property
    def parts(self):
        """(caption HTML, notes HTML): the notes are shown under the table. A caption made from
        the data is text: a name with * or _ in it stays as it is."""
        if self.markdown:
            return caption_and_notes(self.text)
        return conditional_escape(self.text), ()

    @property
    def label(self) -> str:
        if self.number is None:
            return ""
        word = _("Tabel") if self.kind == TABLE else _("Figuur")
        return f"{word} {self.number}"


@dataclass
class Block:
    """A table or figure made from the data, with what it needs to be read on its own."""

    kind: str
    data: Any
    caption: Caption | None = None
    sources: list[str] = field(default_factory=list)
    # The same table shown twice (Tabel 1 again in the action plan) keeps its number.
    identity: str = ""


@dataclass
class Section:
    heading: str = ""
    body: str = ""  # Markdown
    block: Block | None = None


@dataclass
class Chapter:
    title: str
    anchor: str
    level: int  # 1: a part of the document (Jaarverslag 2021), 2: a chapter in it
    number: str = ""
    sections: list[Section] = field(default_factory=list)
    children: list["Chapter"] = field(default_factory=list)
    template: str = "reports/chapters/prose.html"
    data: Any = None


@dataclass
class PlanTheme:
    theme: Theme | None
    actions: list[Action]


@dataclass
class PlanDomain:
    """A domain of a plan as the action plan and Annex 2 show it."""

    domain: ActionDomain
    daily_work: list[Action]
    themes: list[PlanTheme]  # each theme with its actions
    actions: list[Action]  # actions under the domain itself

    @property
    def all_actions(self) -> list[PlanTheme]:
        """Themes with actions, then the domain's own: the rows of Annex 2."""
        groups = [group for group in self.themes if group.actions]
        if self.actions:
            groups.append(PlanTheme(None, self.actions))
        return groups


@dataclass
class Document:
    report: AnnualReport
    region: Region | None
    chapters: list[Chapter]  # the parts, each with its chapters as children


def report_document(report: AnnualReport, *, region: Region | None = None) -> Document:
    """The whole document of ``report``, in a fixed number of queries whatever its length
    (about thirty); ``region`` is the home region when the caller already has it."""
    builder = _Builder(report, region or Region.objects.home())
    return builder.build()


class _Builder:
    def __init__(self, report: AnnualReport, region: Region | None):
        self.report = report
        self.year = report.year
        self.year_end = datetime.date(report.year, 12, 31)
        self.region = region
        self._contingents = None

    def build(self) -> Document:
        sections = (
            self.report.sections.select_related("measure", "list_table")
            .order_by("position", "pk")
            .all()
        )
        self.parts = defaultdict(list)
        self.domain_sections = defaultdict(list)
        for section in sections:
            if section.part == Part.REPORT_DOMAIN:
                self.domain_sections[section.domain_id].append(section)
            else:
                self.parts[section.part].append(section)
        plans = {plan.year: plan for plan in _plans([self.year, self.report.plan_year])}
        review_plan, plan = plans.get(self.year), plans.get(self.report.plan_year)
        self.review_domains = _plan_domains(review_plan)
        self.plan_domains = _plan_domains(plan)

        chapters = [
            Chapter(
                _("Voorwoord"),
                "voorwoord",
                1,
                sections=self._sections(self.parts[Part.FOREWORD]),
                template="reports/chapters/foreword.html",
                data=self.report,
            ),
            Chapter(
                _("Inleidend"),
                "inleidend",
                1,
                sections=self._sections(self.parts[Part.INTRODUCTION]),
            ),
            self._report_part(review_plan),
            self._plan_part(plan),
            self._annex(plan),
        ]
        _number(chapters)
        return Document(self.report, self.region, chapters)

    # The parts of the document

    def _report_part(self, review_plan) -> Chapter:
        part = Chapter(
            _("Jaarverslag %(year)s") % {"year": self.year},
            "jaarverslag",
            1,
            number="1",
            sections=self._sections(self.parts[Part.REPORT]),
        )
        part.children.append(
            Chapter(
                _("De regionale arbeidsmarkt in %(year)s") % {"year": self.year},
                "arbeidsmarkt",
                2,
                sections=self._sections(self.parts[Part.LABOUR_MARKET]),
            )
        )
        for plan_domain in self.review_domains:
            domain = plan_domain.domain
            part.children.append(
                Chapter(
                    domain.name,
                    f"jaarverslag-domein-{domain.pk}",
                    2,
                    sections=self._sections(self.domain_sections[domain.pk]),
                    template="reports/chapters/report_domain.html",
                    data=plan_domain,
                )
            )
        part.children.append(self._commitments(review_plan))
        for i, chapter in enumerate(part.children, start=1):
            chapter.number = f"1.{i}"
        return part

    def _commitments(self, review_plan) -> Chapter:
        """Whether every municipality took part in each domain and every body met enough."""
        sections = []
        if review_plan and self.region:
            compliance = action_compliance(review_plan, self.region)
            sections.append(
                Section(
                    block=Block(
                        "compliance",
                        compliance,
                        Caption(
                            TABLE,
                            _("Acties per gemeente en per actiedomein in %(year)s")
                            % {"year": self.year},
                        ),
                        [_("jaaractieplan %(year)s") % {"year": self.year}],
                    )
                )
            )
        sections.append(
            Section(
                block=Block(
                    "meetings",
                    meeting_minimums(self.year, self.region),
                    Caption(
                        TABLE,
                        _("Vergaderingen per orgaan in %(year)s tegenover het minimum")
                        % {"year": self.year},
                    ),
                    [_("jaarkalender %(year)s") % {"year": self.year}],
                )
            )
        )
        return Chapter(
            _("Engagementen van de gemeenten en de organen in %(year)s") % {"year": self.year},
            "engagementen",
            2,
            sections=sections,
            template="reports/chapters/commitments.html",
            data=review_plan,
        )

    def _plan_part(self, plan) -> Chapter:
        year = self.report.plan_year
        part = Chapter(
            _("Actieplan %(year)s") % {"year": year},
            "actieplan",
            1,
            number="2",
            sections=self._sections(self.parts[Part.PLAN]),
            template="reports/chapters/plan.html",
            data=plan,
        )
        for i, plan_domain in enumerate(self.plan_domains, start=1):
            part.children.append(
                Chapter(
                    plan_domain.domain.name,
                    f"actieplan-domein-{plan_domain.domain.pk}",
                    2,
                    number=f"2.{i}",
                    template="reports/chapters/plan_domain.html",
                    data=plan_domain,
                )
            )
        return part

    def _annex(self, plan) -> Chapter:
        year = self.report.plan_year
        bodies = []
        if self.region:
            bodies = sorted(
                Body.objects.filter(
                    region=self.region,
                    kind__in=[Body.Kind.MANAGEMENT_COMMITTEE, Body.Kind.STEERING_GROUP],
                ),
                key=lambda body: (body.kind != Body.Kind.MANAGEMENT_COMMITTEE, body.name),
            )
        members = body_members(bodies, self.report.situation_date)
        titles = {
            "members": _("Annex 1. Beheerscomité en stuurgroep %(region)s")
            % {"region": self.region.name if self.region else ""},
            "actions": _("Annex 2. Overzicht acties %(year)s") % {"year": year},
            "calendar": _("Annex 3. Jaarkalender %(year)s") % {"year": year},
        }
        meetings = Meeting.objects.published()
        if self.region:
            meetings = meetings.of_region(self.region)
        calendar = year_calendar(meetings, year)
        return Chapter(
            _("Annex"),
            "annex",
            1,
            template="reports/chapters/annex.html",
            children=[
                Chapter(
                    titles["members"],
                    "annex-1",
                    2,
                    template="reports/chapters/annex_members.html",
                    data=[
                        (body, members[body.pk], _with_terms(members[body.pk])) for body in bodies
                    ],
                ),
                Chapter(
                    titles["actions"],
                    "annex-2",
                    2,
                    template="reports/chapters/annex_actions.html",
                    data=self.plan_domains,
                ),
                Chapter(
                    titles["calendar"],
                    "annex-3",
                    2,
                    template="reports/chapters/annex_calendar.html",
                    data=calendar,
                ),
            ],
        )

    # Prose and the tables after it

    def _sections(self, sections: list[ReportSection]) -> list[Section]:
        return [
            Section(section.heading, section.body, self._block(section)) for section in sections
        ]

    def _block(self, section: ReportSection) -> Block | None:
        if not section.block:
            return None
        kind = section.block
        loader = getattr(self, f"_block_{kind}")
        block = loader(section)
        if block and block.caption:
            block.caption.numbered = section.numbered
            if section.caption:
                block.caption.text = section.caption
                block.caption.markdown = True
        return block

    def _block_key_figures(self, section) -> Block | None:
        if not self.region:
            return None
        table = self._key_figures()
        return Block(
            Kind.KEY_FIGURES,
            LabourMarketSummary.of(table),
            Caption(TABLE, _("Kerncijfers arbeidsmarkt %(region)s") % {"region": self.region}),
            _with_months(
                table.sources,
                [m for i, m in enumerate(table.months) if _known(r.cells[i] for r in table.rows)],
            ),
        )

    def _block_jobseekers(self, section) -> Block | None:
        if not self.region:
            return None
        month = datetime.date(self.report.plan_year, 1, 1)
        table = municipality_year_on_year(
            self.region, LabourMarketFigure.Indicator.JOBSEEKERS, month
        )
        return Block(
            Kind.JOBSEEKERS,
            table,
            Caption(TABLE, _("Werkzoekenden zonder werk per gemeente")),
            _with_months(
                table.sources,
                [
                    month
                    for month, cells in [
                        (table.previous_month, [row.previous for row in table.rows]),
                        (table.month, [row.current for row in table.rows]),
                    ]
                    if _known(cells)
                ],
            ),
        )

    def _block_region(self, section) -> Block | None:
        if not self.region:
            return None
        members = list(self.region.municipalities.order_by("name"))
        return Block(Kind.REGION, {"region": self.region, "municipalities": members})

    def _block_list_table(self, section) -> Block:
        table = section.list_table
        return Block(
            Kind.LIST_TABLE,
            table,
            Caption(TABLE, table.caption, markdown=True),
            [table.source] if table.source else [],
            identity=f"list_table:{table.pk}",
        )

    def _block_calls(self, section) -> Block:
        calls = calls_in_year(self.year)
        return Block(
            Kind.CALLS,
            calls,
            Caption(TABLE, _("Oproepen in %(year)s en hun toekenningen") % {"year": self.year}),
            sorted({call.measure.default_source for call in calls}),
        )

    def _block_projects(self, section) -> Block:
        projects = (
            SupportedProject.objects.filter(year=self.year)
            .prefetch_related("partners")
            .order_by("position", "pk")
        )
        return Block(Kind.PROJECTS, list(projects))

    def _block_comparison(self, section) -> Block | None:
        comparison = regional_comparison(until=self.year_end)
        if comparison is None:
            return None
        return Block(
            Kind.COMPARISON,
            comparison,
            Caption(
                TABLE,
                _("Aantal ondernemingen en VTE %(measure)s per regierol")
                % {"measure": comparison.measure.name.lower()},
            ),
            _with_date(comparison.sources, comparison.reference_date),
        )

    def _block_contingent(self, section) -> Block | None:
        table = self._contingent_tables().get(section.measure_id)
        if table is None:
            return None
        area = self.region.name if self.region else ""
        return Block(
            Kind.CONTINGENT,
            table,
            Caption(
                TABLE,
                _("Overzicht contingent %(measure)s grondgebied %(area)s")
                % {"measure": table.measure.short_name, "area": area},
            ),
            table.sources,
        )

    def _block_contingent_chart(self, section) -> Block | None:
        tables = [t for t in self._contingent_tables().values() if t.measure.counts_fte]
        if not tables:
            return None
        date = self.year_end.strftime("%d/%m/%Y")
        items = [(t.measure.short_name, t.totals[-1]) for t in tables]
        title = _("Toegekende VTE per maatregel op %(date)s") % {"date": date}
        description = "; ".join(f"{label}: {fte(value)} VTE" for label, value in items)
        chart = bar_chart(items, title=title, description=description)
        sources = sorted({source for t in tables for source in t.sources})
        return Block(
            Kind.CONTINGENT_CHART,
            {"chart": chart, "tables": tables, "date": self.year_end},
            Caption(FIGURE, title),
            _with_date(sources, self.year_end),
        )

    def _block_consultations(self, section) -> Block:
        return Block(
            Kind.CONSULTATIONS,
            consultations(self.year),
            Caption(
                TABLE,
                _("Overzicht deelname ILV aan structurele overlegmomenten in %(year)s")
                % {"year": self.year},
            ),
        )

    def _block_contacts(self, section) -> Block:
        return Block(
            Kind.CONTACTS,
            coordinator_contacts(self.year),
            Caption(TABLE, _("Overzicht bilaterale contacten met andere regisseurs")),
        )

    # Data read once per document, whatever the number of blocks that use it

    def _key_figures(self) -> KeyFigureTable:
        months = [datetime.date(self.year, 1, 1), datetime.date(self.report.plan_year, 1, 1)]
        return key_figures_for(self.region, months)

    def _contingent_tables(self) -> dict:
        if self._contingents is None:
            measures = list(Measure.objects.all())
            # The region's organisations ("grondgebied"), from the region's own latest dates.
            organisations = (
                list(Organisation.objects.in_region(self.region).values_list("pk", flat=True))
                if self.region
                else None
            )
            dates = latest_dates(measures, until=self.year_end, organisations=organisations)
            tables = contingent_tables(
                measures=measures, dates_by_measure=dates, organisations=organisations
            )
            self._contingents = {table.measure.pk: table for table in tables}
        return self._contingents


@dataclass
class LabourMarketSummary:
    """The key-figure table and the sentence before it: inhabitants and jobseekers that month."""

    table: KeyFigureTable
    jobseekers: Any  # the Cell of jobseekers in the population's month

    @classmethod
    def of(cls, table: KeyFigureTable) -> "LabourMarketSummary":
        jobseekers = None
        row = table.row(LabourMarketFigure.Indicator.JOBSEEKERS)
        if row and table.population_month in table.months:
            jobseekers = row.cells[table.months.index(table.population_month)]
        return cls(table, jobseekers)


def _plans(years: list[int]) -> list[ActionPlan]:
    """The plans of ``years`` with every domain, theme and action their chapters show."""
    actions = Action.objects.select_related(
        "lead_municipality", "lead_organisation", "theme"
    ).prefetch_related("meetings", "partners", "municipalities")
    return list(
        ActionPlan.objects.filter(year__in=years).prefetch_related(
            Prefetch("domains", queryset=ActionDomain.objects.order_by("position", "pk")),
            Prefetch("domains__themes", queryset=Theme.objects.order_by("position", "pk")),
            Prefetch("domains__actions", queryset=actions.order_by("position", "pk")),
        )
    )


def _plan_domains(plan: ActionPlan | None) -> list[PlanDomain]:
    if plan is None:
        return []
    result = []
    for domain in plan.domains.all():
        actions = list(domain.actions.all())
        by_theme = defaultdict(list)
        for action in actions:
            if not action.is_daily_work and action.theme_id:
                by_theme[action.theme_id].append(action)
        result.append(
            PlanDomain(
                domain=domain,
                daily_work=[a for a in actions if a.is_daily_work],
                themes=[PlanTheme(theme, by_theme[theme.pk]) for theme in domain.themes.all()],
                actions=[a for a in actions if not a.is_daily_work and not a.theme_id],
            )
        )
    return result


def _number(chapters: list[Chapter]) -> None:
    """Number the tables and the figures separately, in reading order."""
    counters = {TABLE: 0, FIGURE: 0}
    seen = {}

    def walk(chapter: Chapter):
        for section in chapter.sections:
            caption = section.block.caption if section.block else None
            if not (caption and caption.numbered):
                continue
            identity = section.block.identity
            if identity and identity in seen:
                caption.number = seen[identity]
                continue
            counters[caption.kind] += 1
            caption.number = counters[caption.kind]
            if identity:
                seen[identity] = caption.number
        for child in chapter.children:
            walk(child)

    for chapter in chapters:
        walk(chapter)


def _with_months(sources: list[str], months: list[datetime.date]) -> list[str]:
    """Each source with the months its figures are of (only months that have figures)."""
    shown = _(" en ").join(date_format(m, "F Y") for m in months)
    return [f"{source} ({shown})" for source in sources]


def _with_terms(memberships) -> bool:
    """Whether a term is known for any member: the annex shows the column only then."""
    return any(m.start_date or m.end_date for m in memberships)


def _known(cells) -> bool:
    return any(cell.value is not None or cell.is_withheld for cell in cells)


def _with_date(sources: list[str], date: datetime.date) -> list[str]:
    return [
        _("%(source)s, peildatum %(date)s") % {"source": source, "date": date.strftime("%d/%m/%Y")}
        for source in sources
    ]
