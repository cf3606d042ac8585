"""E-mails to people who registered for an event, through the outbox (django-post-office).

Called on commit only (see services), so a registration that rolls back sends nothing. Each mail
is written from a template pair (subject, body) and its personal link points at ``site_url``: the
address the site was reached at, or SITE_URL when it is set.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from post_office import mail

from events.links import registration_token
from events.models import Registration, RegistrationMail
from meetings.models import Meeting
from meetings.queries import ical_feed

FALLBACK_URL = "http://127.0.0.1:8000"

logger = logging.getLogger(__name__)


def with_the_write(send) -> None:
    """Write a mail for the change being made, from inside its transaction.

    Queued (production, MAIL_QUEUE): into the outbox now, so that it commits with the change and
    no crash between the commit and the mail can lose it; in a savepoint, so that a mail that
    cannot be written never undoes a registration. Delivered at once (development): after the
    commit only. Either way a change that rolls back sends nothing.
    """
    if not settings.MAIL_QUEUE:
        transaction.on_commit(send, robust=True)
        return
    try:
        with transaction.atomic():
            send()
    except Exception:
        logger.exception("A registration's mail could not be written to the outbox.")


def base_url(site_url: str | None = None) -> str:
    """Where links in mails point: SITE_URL if set, else the request's site, else localhost."""
    return (settings.SITE_URL or site_url or FALLBACK_URL).rstrip("/")


def _send(template: str, registration: Registration, *, site_url=None, attachments=None, **extra):
    base = base_url(site_url)
    context = {
        "registration": registration,
        "event": registration.event,
        "choices": registration.choices.select_related("session", "round").order_by(
            "round__number"
        ),
        "extras": registration.extras.all(),
        "link": base + registration.get_absolute_url(),
        "base_url": base,
        **extra,
    }
    subject = render_to_string(f"events/email/{template}_subject.txt", context)
    body = render_to_string(f"events/email/{template}_body.txt", context)
    email = mail.send(
        recipients=[registration.email],
        sender=settings.DEFAULT_FROM_EMAIL,
        subject=" ".join(subject.split()),
        message=body,
        attachments=attachments,
    )
    RegistrationMail.objects.create(registration=registration, email=email)


def _load(pk: int) -> Registration:
    return Registration.objects.select_related("event").get(pk=pk)


def _calendar_file(registration: Registration, site_url) -> dict | None:
    """The event as an .ics file, so it lands in the person's agenda with one click."""
    event = registration.event
    if not event.has_fixed_day:
        return None
    content = ical_feed(
        Meeting.objects.filter(pk=event.pk),
        name=event.title,
        domain=urlsplit(base_url(site_url)).hostname or "localhost",
    )
    return {
        f"{event.slug}.ics": {"file": ContentFile(content), "mimetype": "text/calendar"},
    }


def send_confirmation(pk: int, *, changed: bool = False, site_url=None) -> None:
    registration = _load(pk)
    _send(
        "confirmation",
        registration,
        changed=changed,
        site_url=site_url,
        attachments=_calendar_file(registration, site_url),
    )


def send_link_again(pk: int, *, site_url=None) -> None:
    _send("link_again", _load(pk), site_url=site_url)


def send_cancelled(pk: int, *, site_url=None) -> None:
    _send("cancelled", _load(pk), site_url=site_url)


def send_promoted(pk: int, what: tuple[str, ...], *, site_url=None) -> None:
    registration = _load(pk)
    base = base_url(site_url)
    token = registration_token(registration)
    give_back = [
        (
            choice.session.title,
            base
            + reverse(
                "events:give_back", args=[registration.event.slug, token, choice.round.number]
            ),
        )
        for choice in registration.choices.select_related("session", "round")
        if choice.status == choice.Status.CONFIRMED and choice.session.title in what
    ]
    _send("promoted", registration, what=what, give_back=give_back, site_url=site_url)


def send_demoted(pk: int, what: tuple[str, ...], *, site_url=None) -> None:
    _send("demoted", _load(pk), what=what, site_url=site_url)


def send_reminder(pk: int, *, site_url=None) -> None:
    _send("reminder", _load(pk), site_url=site_url)
