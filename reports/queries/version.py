"""A fingerprint of every row the annual report reads, in one query: a cached PDF is found again
without rendering the document.

Each model the report reads keeps a history (django-simple-history writes a row on every save and
delete through the ORM, which is also what keeps the audit trail complete), so the highest history
id of its table moves with every change. Many-to-many tables only gain rows (ids never come back)
and lose rows, so their count and highest id move. Meetings also carry ``updated_at``, which
moves when an event (a calendar entry of the events app) is saved. The code that shapes the
document (templates, stylesheet, read functions, models, translations) is part of the
fingerprint, so a new release never serves a PDF made by older code from a shared cache.

What it cannot see: a write that skips the ORM (``QuerySet.update``, raw SQL, ``loaddata``), and
on PostgreSQL a transaction that commits after a later one did. The callers therefore trust a
fingerprint for a few minutes only (``reports.rendering.LOOKUP_SECONDS``).

``tests/reports/test_version.py`` checks that every table the document reads is covered here.
"""

import hashlib
from functools import lru_cache

from actors.models import (
    Body,
    LabourMarketFigure,
    Membership,
    Municipality,
    Organisation,
    Person,
    Region,
    Sector,
)
from contingents.models import (
    Allocation,
    Application,
    Call,
    FlandersTotal,
    Measure,
    Occupancy,
    RegionalComparison,
)
from ilv.fingerprints import code_fingerprint, tables_fingerprint
from meetings.models import ConsultationParticipation, CoordinatorContact, Meeting
from reports.models import (
    Action,
    ActionDomain,
    ActionPlan,
    AnnualReport,
    ListTable,
    ReportSection,
    SupportedProject,
    Theme,
)

# Models whose every change shows in their history table.
WITH_HISTORY = [
    Region,
    Municipality,
    Organisation,
    Person,
    Body,
    Membership,
    LabourMarketFigure,
    Measure,
    Call,
    Application,
    Allocation,
    Occupancy,
    RegionalComparison,
    FlandersTotal,
    Meeting,
    ConsultationParticipation,
    CoordinatorContact,
    ActionPlan,
    ActionDomain,
    Theme,
    Action,
    SupportedProject,
    AnnualReport,
    ListTable,
    ReportSection,
]
# Tables that only gain and lose rows: many-to-many links, and sectors (no history).
COUNTED = [
    Region.municipalities.through,
    Organisation.sectors.through,
    Organisation.active_in.through,
    Action.partners.through,
    Action.municipalities.through,
    Action.meetings.through,
    SupportedProject.partners.through,
    Sector,
]

CODE = [
    "templates",
    "static/css",
    "static/img",
    "locale",
    "ilv",
    "reports",
    "actors/models.py",
    "actors/queries.py",
    "contingents/models.py",
    "contingents/queries.py",
    "meetings/models.py",
    "meetings/queries.py",
]


def covered_tables() -> set[str]:
    """The tables whose changes move the fingerprint."""
    return {m._meta.db_table for m in WITH_HISTORY + COUNTED}


def data_version() -> str:
    """The fingerprint of the report's data and code now (one query)."""
    row = tables_fingerprint(
        with_history=WITH_HISTORY, counted=COUNTED, latest=[(Meeting, "updated_at")]
    )
    return hashlib.sha256(f"{code_version()}|{row!r}".encode()).hexdigest()


@lru_cache(maxsize=1)
def code_version() -> str:
    """What in this release shapes the document, hashed once per process."""
    return code_fingerprint(CODE, {".py", ".html", ".css", ".txt", ".svg", ".mo"})
