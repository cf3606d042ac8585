"""The events admin; the calendar's admin lists meetings only (events are edited here)."""

from events.admin import (  # noqa: F401 (registers the admins)
    calendar,
    events,
    outbox,
    registrations,
)
