"""Personal data of registrations are really gone when promised: everywhere they were copied."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from events.erasure import registration_erase_now
from events.models import Event, Registration, SessionChoice
from events.services import registration_change
from tests.events.conftest import register, session

pytestmark = pytest.mark.django_db

NAME = "Zoë Vandersteenhoven-Quist"
EMAIL = "zoe.quist@voorbeeld.be"
ADDRESS = "Zonnebloemlaan 77"


def cells_containing(value: str) -> list[str]:
    """Every text cell of the whole database that holds ``value``: table.column."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                kind = connection.introspection.get_field_type(column.type_code, column)
                if kind not in ("CharField", "TextField"):
                    continue
                quote = connection.ops.quote_name
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(table)} WHERE {quote(column.name)} LIKE %s",  # noqa: S608
                    [f"%{value}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column.name}")
    return found


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
    for value in (NAME, EMAIL, ADDRESS):
        assert cells_containing(value), f"{value} should be stored before erasure"

    netwerkdag.date = datetime.date(2020, 10, 29)
    netwerkdag.save()
    call_command("erase_registrations", stdout=io.StringIO())

    for value in (NAME, EMAIL, ADDRESS):
        assert cells_containing(value) == [], value
    registration.refresh_from_db()
    assert registration.erased_at is not None
    assert registration.organisation_type == "local_authority"  # the report's counts remain
    assert [c.session.number for c in registration.choices.all()] == [2, 5]


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


def test_the_period_is_at_least_a_month_and_cannot_be_overridden(netwerkdag):
    netwerkdag.erase_after_months = 0
    with pytest.raises(ValidationError):
        netwerkdag.full_clean()
    with pytest.raises(CommandError, match="unrecognized arguments: --days"):
        call_command("erase_registrations", "--days", "-5")


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
