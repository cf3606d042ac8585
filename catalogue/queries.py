"""Read models of the public catalogue, the "digitale brochure" of the regional social economy.

Only what ``Organisation.PUBLIC_FIELDS`` names is read from an organisation, with its sectors, the
municipalities it is active in, its other names and the measures it holds now. People are never
read. The list page, its CSV, an organisation's page and the PDF brochure all read these
functions, so the four show the same thing.

"Now" is the contingents' rule: the contingent at a date is the latest allocation on or before it
(``contingents.queries.contingent_tables``); an allocation of 0 FTE that is not phasing out means
the organisation holds nothing of that measure any more.
"""

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.urls import reverse

from actors.models import Municipality, Organisation, OrganisationAlias, Region, Sector
from contingents.models import Allocation, Measure
from contingents.queries import contingent_tables, holds
from ilv.fingerprints import code_fingerprint, tables_fingerprint


@dataclass
class Recognition:
    """A measure an organisation holds now."""

    measure: Measure
    phasing_out: bool = False


@dataclass
class Entry:
    """One organisation as the catalogue shows it."""

    organisation: Organisation
    recognitions: list[Recognition] = field(default_factory=list)
    sectors: list[Sector] = field(default_factory=list)
    municipalities: list[Municipality] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return reverse("catalogue:organisation", args=[self.organisation.pk])

    @property
    def has_contact(self) -> bool:
        o = self.organisation
        return bool(o.public_address or o.public_phone or o.public_email or o.website)


def catalogue_organisations() -> QuerySet[Organisation]:
    """The organisations in the brochure, their public fields only, by name whatever its case
    (no query yet)."""
    return (
        Organisation.objects.filter(in_catalogue=True)
        .only(*Organisation.PUBLIC_FIELDS)
        .order_by(Lower("name"), "pk")
    )


def current_recognitions(
    organisations: QuerySet[Organisation], *, today: datetime.date
) -> dict[int, list[Recognition]]:
    """Per organisation id, the measures it holds on ``today``, in the measures' order (three
    queries: measures, allocations, occupancy)."""
    measures = list(Measure.objects.order_by("position", "name"))
    tables = contingent_tables(
        measures=measures,
        dates_by_measure={m.pk: [today] for m in measures},
        organisations=organisations,
    )
    found = defaultdict(list)
    for table in tables:
        for row in table.rows:
            if holds(row.current):
                found[row.organisation.pk].append(
                    Recognition(table.measure, row.current.phasing_out)
                )
    return dict(found)


def catalogue_entries(organisations, *, today: datetime.date) -> list[Entry]:
    """``organisations`` (evaluated here) with their sectors, municipalities and other names, and
    what they hold now: seven queries whatever their number.

    The relations are read from the link tables in one query each, not with prefetch_related,
    which builds a queryset per organisation (a tenth of a second for a province's catalogue)."""
    organisations = list(organisations)
    if not organisations:
        return []
    ids = [o.pk for o in organisations]
    recognitions = current_recognitions(Organisation.objects.filter(pk__in=ids), today=today)
    sectors = _linked(Organisation.sectors.through, "sector", ids)
    municipalities = _linked(Organisation.active_in.through, "municipality", ids)
    aliases = defaultdict(list)
    for organisation_id, name in (
        OrganisationAlias.objects.filter(organisation_id__in=ids)
        .order_by("name", "pk")
        .values_list("organisation_id", "name")
    ):
        aliases[organisation_id].append(name)
    return [
        Entry(
            o,
            recognitions.get(o.pk, []),
            sectors=sectors[o.pk],
            municipalities=municipalities[o.pk],
            aliases=aliases[o.pk],
        )
        for o in organisations
    ]


def _linked(through, name: str, ids: list[int]) -> dict[int, list]:
    """Per organisation id, the rows it links to through the many-to-many table ``through``
    (its column ``name``), by name: one query."""
    linked = defaultdict(list)
    links = (
        through.objects.filter(organisation_id__in=ids)
        .select_related(name)
        .order_by(f"{name}__name", f"{name}_id")
    )
    for link in links:
        linked[link.organisation_id].append(getattr(link, name))
    return linked


@dataclass
class SectorGroup:
    """The brochure's table of contents: the organisations of one sector (or of none)."""

    sector: Sector | None
    entries: list[Entry]


def sector_groups(entries: list[Entry]) -> list[SectorGroup]:
    """``entries`` per sector, sectors by name, the organisations without a sector last; an
    organisation in two sectors is listed under both (no query)."""
    groups = defaultdict(list)
    sectors = {}
    for entry in entries:
        for sector in entry.sectors or [None]:
            key = sector.pk if sector else None
            sectors[key] = sector
            groups[key].append(entry)
    named = sorted((k for k in groups if k is not None), key=lambda k: sectors[k].name.casefold())
    order = named + ([None] if None in groups else [])
    return [SectorGroup(sectors[k], groups[k]) for k in order]


# What the brochure reads: a change to any of these rows moves the fingerprint.
WITH_HISTORY = [Organisation, Municipality, Region, Measure, Allocation]
COUNTED = [Sector, OrganisationAlias, Organisation.sectors.through, Organisation.active_in.through]
CODE = [
    "catalogue",
    "templates/catalogue",
    "templates/base.html",
    "static/css/brochure.css",
    "contingents/queries.py",
    "ilv/pdf.py",
    "locale",
]


def catalogue_version(*, today: datetime.date) -> str:
    """A fingerprint of everything the brochure shows, on ``today`` (one query).

    Models with a history get a new history row on every save and delete through the ORM, so the
    highest history id moves; tables without one only gain rows (ids never come back) and lose
    rows, so their count and highest id move. The date is part of it: which allocation is
    current changes at midnight. A write that skips the ORM (``QuerySet.update``, ``loaddata``)
    is not seen: the callers keep a fingerprint's PDF for a limited time only.
    """
    row = tables_fingerprint(with_history=WITH_HISTORY, counted=COUNTED)
    return hashlib.sha256(f"{code_version()}|{today.isoformat()}|{row!r}".encode()).hexdigest()


@lru_cache(maxsize=1)
def code_version() -> str:
    """What in this release shapes the brochure, hashed once per process."""
    return code_fingerprint(CODE, {".py", ".html", ".css", ".mo"})
