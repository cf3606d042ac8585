"""One reminder mail to everyone registered, a set number of days before their event."""

import datetime

from django.db import transaction
from django.utils import timezone

from events import emails
from events.models import Event, Registration


def reminders_send(*, today: datetime.date, site_url: str | None = None) -> int:
    """Remind everyone registered (with a seat or waiting) for events from their reminder day
    until the event; returns how many mails were queued.

    Each registration is marked in the same transaction that queues its mail, with the rows
    locked, so a job that runs twice (or twice at once) sends one reminder per person.
    """
    events = Event.objects.filter(reminder_days__gt=0, date__gte=today, cancelled=False)
    sent = 0
    for event in events:
        if event.date - datetime.timedelta(days=event.reminder_days) > today:
            continue
        with transaction.atomic():
            due = list(
                event.registrations.select_for_update()
                .filter(
                    status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING],
                    reminder_sent_at__isnull=True,
                    erased_at__isnull=True,
                )
                .values_list("pk", flat=True)
            )
            Registration.objects.filter(pk__in=due).update(reminder_sent_at=timezone.now())
            for pk in due:
                emails.with_the_write(lambda pk=pk: emails.send_reminder(pk, site_url=site_url))
        sent += len(due)
    return sent
