"""E-mails to people who registered for an event. Called on commit only (see services)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from events.models import Registration


def _send(template: str, registration: Registration, **context) -> None:
    context = {
        "registration": registration,
        "event": registration.event,
        "choices": registration.choices.select_related("session", "round").order_by(
            "round__number"
        ),
        "extras": registration.extras.all(),
        "link": settings.SITE_URL.rstrip("/") + registration.get_absolute_url(),
        **context,
    }
    subject = render_to_string(f"events/email/{template}_subject.txt", context)
    body = render_to_string(f"events/email/{template}_body.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [registration.email])


def _load(pk: int) -> Registration:
    return Registration.objects.select_related("event").get(pk=pk)


def send_confirmation(pk: int, *, changed: bool = False) -> None:
    _send("confirmation", _load(pk), changed=changed)


def send_link_again(pk: int) -> None:
    _send("link_again", _load(pk))


def send_cancelled(pk: int) -> None:
    _send("cancelled", _load(pk))


def send_promoted(pk: int, what: tuple[str, ...]) -> None:
    _send("promoted", _load(pk), what=what)


def send_demoted(pk: int, what: tuple[str, ...]) -> None:
    _send("demoted", _load(pk), what=what)
