"""Personal data of registrations are really gone when promised: everywhere they were copied."""

import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from events.erasure import registration_erase_now
from events.models import Event, Registration, SessionChoice
from events.services import registration_change
from tests.events.conftest import register, session

pytestmark = pytest.mark.django_db

NAME = "Zoë Vandersteenhoven-Quist"
EMAIL = "zoe.quist@voorbeeld.be"
CORRECTED = "zoe.vandersteenhoven@voorbeeld.be"
ORGANISATION = "Vzw Zonnewende Quistrecht"
ADDRESS = "Zonnebloemlaan 77"
PERSONAL = (NAME, EMAIL, CORRECTED, ORGANISATION, ADDRESS)

SEARCHED = {"CharField", "TextField", "JSONField", "EmailField", "SlugField", "URLField"}


def cells_containing(value: str) -> list[str]:
    """Every cell of the whole database whose text holds ``value`` (text, JSON, any case, also
    as JSON escapes it: "Zo\\u00eb"): table.column."""
    found = []
    forms = {value.lower(), json.dumps(value.lower())[1:-1]}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                kind = connection.introspection.get_field_type(column.type_code, column)
                if kind not in SEARCHED:
                    continue
                for form in forms:
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {quote(table)} "  # noqa: S608 (introspected names)
                        f"WHERE LOWER(CAST({quote(column.name)} AS TEXT)) LIKE %s",
                        [f"%{form}%"],
                    )
                    if cursor.fetchone()[0]:
                        found.append(f"{table}.{column.name}")
                        break
    return found


def test_the_search_finds_values_in_json_columns_too(netwerkdag):
    """The search itself can fail: a value only in the outbox's JSON context is found."""
    from post_office.models import Email

    Email.objects.create(
        from_email="regie@voorbeeld.be", to=["iemand@voorbeeld.be"], context={"naam": NAME}
    )
    assert cells_containing(NAME.upper()) == ["post_office_email.context"]


def admin_edit(client, registration, **changes):
    """Save the registration's admin form with ``changes``, as the regisseur would."""
    choices = list(registration.choices.all())
    data = {
        "name": registration.name,
        "email": registration.email,
        "organisation_name": registration.organisation_name,
        "organisation_type": registration.organisation_type,
        "extras": [e.pk for e in registration.extras.all()],
        "shipping_address": registration.shipping_address,
        "choices-TOTAL_FORMS": len(choices),
        "choices-INITIAL_FORMS": len(choices),
        "choices-MIN_NUM_FORMS": 0,
        "choices-MAX_NUM_FORMS": 1000,
        **changes,
    }
    for i, choice in enumerate(choices):
        data[f"choices-{i}-id"] = choice.pk
        data[f"choices-{i}-registration"] = registration.pk
    response = client.post(
        reverse("admin:events_registration_change", args=[registration.pk]), data
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_after_erasure_no_personal_value_is_left_anywhere(
    regisseur_client, netwerkdag, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(
            netwerkdag,
            1,
            5,
            name=NAME,
            email=EMAIL,
            organisation_name=ORGANISATION,
            extras=[netwerkdag.extras.get()],
            shipping_address=ADDRESS,
        )
    # The regisseur ticks attendance in the admin (the log names the person), then the person
    # changes workshop: that choice, and its log entry, belong to the past.
    choice = registration.choices.get(session__number=1)
    regisseur_client.post(
        reverse("admin:events_sessionchoice_change", args=[choice.pk]), {"attended": "on"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        registration_change(
            registration=registration,
            sessions=[session(2), session(5)],
            extras=[],
            shipping_address=ADDRESS,
        )
    assert not SessionChoice.objects.filter(pk=choice.pk).exists()
    # The regisseur corrects the address: the mails sent so far went to the old one.
    admin_edit(regisseur_client, registration, email=CORRECTED)
    with django_capture_on_commit_callbacks(execute=True):
        registration_change(
            registration=registration,
            sessions=[session(2), session(6)],
            extras=[],
            shipping_address=ADDRESS,
        )
    for value in PERSONAL:
        assert cells_containing(value), f"{value} should be stored before erasure"

    netwerkdag.date = datetime.date(2020, 10, 29)
    netwerkdag.save()
    call_command("erase_registrations", stdout=io.StringIO())

    for value in PERSONAL:
        assert cells_containing(value) == [], value
    registration.refresh_from_db()
    assert registration.erased_at is not None
    assert registration.organisation_type == "local_authority"  # the report's counts remain
    assert [c.session.number for c in registration.choices.all()] == [2, 6]


def test_the_command_shows_what_it_erases_and_the_period_is_per_event(netwerkdag, time_machine):
    time_machine.move_to(datetime.datetime(2021, 11, 5, 9, 0))
    netwerkdag.date = datetime.date(2020, 10, 29)
    netwerkdag.save()
    old = register(netwerkdag, 1, 5)
    later = Event.objects.get(slug="ontbijtsessie-werkgevers-lier-2022")
    Event.objects.filter(pk=later.pk).update(date=datetime.date(2021, 3, 1))
    kept = Registration.objects.create(
        event=later,
        name="Jan Smets",
        email="jan@lier.be",
        organisation_name="Stad Lier",
        organisation_type="local_authority",
        consented_at=old.consented_at,
        link_nonce="y" * 43,
    )
    out = io.StringIO()
    call_command("erase_registrations", "--dry-run", stdout=out)
    assert "Netwerkdag sociale economie (29/10/2020, erase from 29/10/2021): 1" in out.getvalue()
    assert "Dry run: nothing erased." in out.getvalue()
    old.refresh_from_db()
    assert old.erased_at is None

    call_command("erase_registrations", stdout=out)
    old.refresh_from_db()
    kept.refresh_from_db()
    assert old.name == "Gewist" and kept.name == "Jan Smets"  # 1/03/2022: not yet a year ago
    Event.objects.filter(pk=later.pk).update(erase_after_months=6)
    call_command("erase_registrations", stdout=out)
    kept.refresh_from_db()
    assert kept.name == "Gewist"


@pytest.mark.parametrize("months", [0, -5])
def test_the_period_is_at_least_a_month(netwerkdag, regisseur_client, months):
    netwerkdag.erase_after_months = months
    with pytest.raises(ValidationError, match="erase_after_months"):
        netwerkdag.full_clean()
    # The database refuses it too, whatever writes it.
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=netwerkdag.pk).update(erase_after_months=months)


def test_only_its_own_mails_go_with_an_erased_registration(
    netwerkdag, django_capture_on_commit_callbacks
):
    """The same person at another event keeps the mails of that registration."""
    from post_office.models import Email

    other = Event.objects.get(slug="ontbijtsessie-werkgevers-lier-2022")
    with django_capture_on_commit_callbacks(execute=True):
        erased = register(netwerkdag, 1, 5, name=NAME, email=EMAIL)
        kept = register(netwerkdag, 2, 6, name="Jan Smets", email="jan@lier.be")
    kept_mails = set(kept.mails.values_list("email_id", flat=True))
    Registration.objects.filter(pk=kept.pk).update(event=other, email=EMAIL)
    assert erased.mails.exists() and kept_mails
    registration_erase_now(registration=erased)
    assert set(Email.objects.values_list("pk", flat=True)) >= kept_mails
    assert not Email.objects.filter(registration_link__registration=erased).exists()


def test_a_mail_in_the_outbox_is_read_never_saved(
    regisseur_client, netwerkdag, django_capture_on_commit_callbacks
):
    """Saving one would copy its address into the admin log, where erasure cannot find it."""
    from django.contrib.admin.models import LogEntry
    from post_office.models import Email

    with django_capture_on_commit_callbacks(execute=True):
        register(netwerkdag, 1, 5, name=NAME, email=EMAIL)
    mail = Email.objects.get()
    url = reverse("admin:post_office_email_change", args=[mail.pk])
    page = regisseur_client.get(url).content.decode()
    assert EMAIL in page and 'type="submit" value="Opslaan"' not in page
    assert regisseur_client.post(url, {"to": EMAIL, "status": 0}).status_code == 403
    # post_office's own "Resend" is a GET that sends at once; here it is gone.
    resend = reverse("admin:post_office_email_changelist") + f"{mail.pk}/resend/"
    logs = mail.logs.count()
    regisseur_client.get(resend, follow=True)
    assert mail.logs.count() == logs
    assert not LogEntry.objects.filter(object_repr__icontains=EMAIL).exists()


def test_a_person_erases_their_own_registration_and_the_seat_goes_on(
    client, netwerkdag, django_capture_on_commit_callbacks
):
    workshop = session(4)
    workshop.capacity = 1
    workshop.save()
    with django_capture_on_commit_callbacks(execute=True):
        first = register(netwerkdag, 4, 5, name=NAME, email=EMAIL)
        waiting = register(netwerkdag, 4, 5, join_waiting_list=True)
    url = reverse("events:erase", args=[netwerkdag.slug, first.get_absolute_url().split("/")[-2]])
    page = client.get(url)
    assert "Je gegevens nu wissen?" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    assert "Vink aan dat je je gegevens wilt laten wissen." in client.post(url, {}).content.decode()
    link = first.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "on"})
    assert "Je gegevens zijn gewist" in response.content.decode()
    assert client.get(link).status_code == 404
    assert cells_containing(EMAIL) == [] and cells_containing(NAME) == []
    assert waiting.choices.get(session=workshop).status == SessionChoice.Status.CONFIRMED


def test_erasing_an_already_cancelled_registration_needs_no_cancel(netwerkdag):
    registration = register(netwerkdag, 1, 5, name=NAME, email=EMAIL)
    registration.status = Registration.Status.CANCELLED
    registration.save()
    registration_erase_now(registration=registration)
    assert cells_containing(EMAIL) == []
