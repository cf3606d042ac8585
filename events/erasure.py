"""Erasing registrants' personal data, as the privacy statement promises.

Each event says after how many months its registrations are erased (``Event.erase_after_months``,
12 by default); a person can also erase their own registration at once through their personal
link. Erasing removes every personal value wherever it was copied: the registration's name,
e-mail, organisation and shipping address, its history rows, the admin log entries of the
registration and of every workshop choice it ever had (also choices changed or cancelled before),
and the mails written for it in the outbox, with their delivery log, attachments and admin log
entries, whatever address they went to. What stays are the anonymous facts the annual report
counts: the type of organisation, the workshops and attendance.
"""

import datetime
from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from post_office.models import Attachment, Email

from events.links import new_nonce
from events.models import Event, Registration, RegistrationMail, SessionChoice
from events.services import registration_cancel


@dataclass
class ErasurePlan:
    event: Event
    registrations: int


def erasure_due(*, today: datetime.date) -> list[ErasurePlan]:
    """Events whose erasure date has come, with the registrations still to erase (what the
    command shows before it erases)."""
    plans = []
    events = Event.objects.filter(date__lt=today, registrations__erased_at__isnull=True).distinct()
    for event in events.order_by("date", "pk"):
        if event.erase_on <= today:
            pending = event.registrations.filter(erased_at__isnull=True).count()
            plans.append(ErasurePlan(event, pending))
    return plans


def registrations_erase(*, today: datetime.date) -> list[ErasurePlan]:
    """Erase the registrations of every event whose erasure date has come; returns what was
    erased per event."""
    plans = erasure_due(today=today)
    for plan in plans:
        with transaction.atomic():
            pks = list(
                plan.event.registrations.filter(erased_at__isnull=True).values_list("pk", flat=True)
            )
            for pk in pks:
                _erase(Registration.objects.select_for_update().get(pk=pk))
    return plans


def registration_erase_now(*, registration: Registration, site_url: str | None = None) -> None:
    """A person erases their own registration: cancelled first (the seats go to the waiting list),
    then erased like any other."""
    if registration.is_active:
        # No cancellation mail: it would keep the address the person asked us to forget.
        registration_cancel(registration=registration, site_url=site_url, mail=False)
    with transaction.atomic():
        _erase(Registration.objects.select_for_update().get(pk=registration.pk))


def _erase(registration: Registration) -> None:
    pk = registration.pk
    Registration.objects.filter(pk=pk).update(
        name=_("Gewist"),
        email=f"inschrijving-{pk}@gewist.invalid",
        organisation_name=_("Gewist"),
        shipping_address="",
        link_nonce=new_nonce(),  # the personal link stops working
        erased_at=timezone.now(),
    )
    Registration.history.filter(id=pk).delete()
    # Every choice it ever had, also those since changed or cancelled (their history knows).
    choices = set(SessionChoice.history.filter(registration_id=pk).values_list("id", flat=True))
    choices |= set(SessionChoice.objects.filter(registration_id=pk).values_list("pk", flat=True))
    _scrub_admin_log(SessionChoice, choices)
    _scrub_admin_log(Registration, [pk])
    # The mails written for it (they repeat name, choices and the personal link), also to an
    # address corrected since; their delivery log goes with them.
    mails = list(
        RegistrationMail.objects.filter(registration_id=pk).values_list("email_id", flat=True)
    )
    attachments = list(
        Attachment.objects.filter(emails__in=mails).values_list("pk", flat=True).distinct()
    )
    _scrub_admin_log(Email, mails)
    Email.objects.filter(pk__in=mails).delete()
    for attachment in Attachment.objects.filter(pk__in=attachments, emails__isnull=True):
        storage, name = attachment.file.storage, attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


def _scrub_admin_log(model, pks) -> None:
    """The admin log names the object it logs ("Els Peeters – workshop"); keep the fact only."""
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in pks],
    ).update(object_repr=_("Gewist"), change_message="")
