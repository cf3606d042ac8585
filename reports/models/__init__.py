"""The top layer's data: the yearly action plan (plans.py) and the annual report (documents.py)."""

from reports.models.documents import AnnualReport, ListTable, ReportApproval, ReportSection
from reports.models.plans import (
    Action,
    ActionDomain,
    ActionPlan,
    SupportedProject,
    Theme,
)

__all__ = [
    "Action",
    "ActionDomain",
    "ActionPlan",
    "AnnualReport",
    "ListTable",
    "ReportApproval",
    "ReportSection",
    "SupportedProject",
    "Theme",
]
