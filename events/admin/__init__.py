"""The events admin; the calendar's admin lists meetings only (events are edited here)."""

from events.admin import calendar, events, registrations  # noqa: F401 (registers the admins)
