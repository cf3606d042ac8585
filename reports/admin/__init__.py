"""The regisseur's screens for the action plans (plans.py) and the annual report (documents.py)."""

from reports.admin import documents, plans  # noqa: F401 (registers the model admins)
