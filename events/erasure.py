"""Erasing registrants' personal data, as the privacy statement promises."""

import datetime

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from events.links import new_nonce
from events.models import Registration, SessionChoice


def registrations_erase(*, events_before: datetime.date) -> int:
    """Erase the personal data of registrations for events held before ``events_before``.

    Name, e-mail address and shipping address are wiped, also from the history; what remains
    (organisation, type, workshops, attendance) only serves anonymous counts. Returns how many
    registrations were erased.
    """
    with transaction.atomic():
        registrations = Registration.objects.filter(event__date__lt=events_before).exclude(
            email__endswith="@gewist.invalid"
        )
        pks = list(registrations.values_list("pk", flat=True))
        for pk in pks:
            Registration.objects.filter(pk=pk).update(
                name=_("Gewist"),
                email=f"inschrijving-{pk}@gewist.invalid",
                shipping_address="",
                link_nonce=new_nonce(),
            )
        Registration.history.filter(id__in=pks).delete()
        choices = SessionChoice.objects.filter(registration_id__in=pks)
        _scrub_admin_log(SessionChoice, list(choices.values_list("pk", flat=True)))
        _scrub_admin_log(Registration, pks)
    return len(pks)


def _scrub_admin_log(model, pks) -> None:
    """The admin log names the object it logs ("Els Peeters – workshop"); keep the fact only."""
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in pks],
    ).update(object_repr=_("Gewist"), change_message="")
