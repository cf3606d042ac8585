"""The regisseur's side of events: participants, waiting lists, capacities, attendance."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actors.models import Organisation
from events.models import Event, Registration, Session, SessionChoice
from events.services import event_copy, registration_create
from tests.events.conftest import register, session

pytestmark = pytest.mark.django_db


def test_lowering_a_workshop_capacity_in_the_admin_applies_lifo(
    regisseur_client, netwerkdag, django_capture_on_commit_callbacks
):
    people = [register(netwerkdag, 4, 5) for _ in range(11)]
    workshop = session(4)
    url = reverse("admin:events_session_change", args=[workshop.pk])
    data = {
        "event": netwerkdag.pk,
        "round": workshop.round_id,
        "number": 4,
        "title": workshop.title,
        "description": workshop.description,
        "room": workshop.room,
        "capacity": 9,
        "speakers-TOTAL_FORMS": 0,
        "speakers-INITIAL_FORMS": 0,
        "speakers-MIN_NUM_FORMS": 0,
        "speakers-MAX_NUM_FORMS": 1000,
    }
    # First the admin says who would move, and changes nothing until that is confirmed.
    html = regisseur_client.post(url, data).content.decode()
    assert "Met maximum 9 schuiven 2 deelnemer(s) door naar de wachtlijst" in html
    assert f"{people[-1].name}, {people[-2].name}" in html
    workshop.refresh_from_db()
    assert workshop.capacity == 11 and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        response = regisseur_client.post(url, {**data, "confirm_capacity": "on"}, follow=True)
    assert (
        "0 inschrijving(en) kregen een plaats, 2 schoven door naar de wachtlijst"
        in response.content.decode()
    )
    waiting = set(
        workshop.choices.filter(status=SessionChoice.Status.WAITING).values_list(
            "registration_id", flat=True
        )
    )
    assert waiting == {people[-1].pk, people[-2].pk}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([people[-1].email, people[-2].email])


def test_participants_and_waiting_list_per_workshop_export_and_attendance(
    regisseur_client, netwerkdag
):
    for _ in range(12):
        register(netwerkdag, 4, 5, join_waiting_list=True)
    changelist = reverse("admin:events_sessionchoice_changelist")
    html = regisseur_client.get(changelist, {"session__id__exact": session(4).pk}).content.decode()
    assert html.count("Wachtlijst") >= 1 and "Deelnemer" in html

    response = regisseur_client.post(
        reverse("admin:events_sessionchoice_export") + f"?session__id__exact={session(4).pk}",
        {
            "format": 0,
            **{
                f"sessionchoiceresource_{f}": "on"
                for f in [
                    "event",
                    "workshop",
                    "room",
                    "name",
                    "email",
                    "organisation",
                    "status",
                    "attended",
                ]
            },
        },
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "evenement",
        "workshop",
        "zaal",
        "naam",
        "e-mailadres",
        "organisatie",
        "status",
        "aanwezig",
    ]
    assert len(rows) == 13
    assert sum(1 for r in rows if r[6] == "Wachtlijst") == 1

    sheet = regisseur_client.get(
        reverse("admin:events_session_sheet", args=[session(4).pk])
    ).content.decode()
    assert "Aanwezigheidslijst" in sheet and "Handtekening" in sheet
    assert "11 deelnemers (maximum 11)." in sheet


def test_the_regisseur_ticks_who_came(regisseur_client, netwerkdag):
    registration = register(netwerkdag, 1, 5)
    choice = registration.choices.get(session__number=1)
    url = reverse("admin:events_sessionchoice_change", args=[choice.pk])
    assert regisseur_client.post(url, {"attended": "on"}).status_code == 302
    choice.refresh_from_db()
    assert choice.attended


def test_the_regisseur_adds_someone_after_the_deadline(regisseur_client, netwerkdag):
    netwerkdag.registration_closes_at = timezone.now() - datetime.timedelta(days=1)
    netwerkdag.save()
    data = {
        "event": netwerkdag.pk,
        "name": "Laatkomer",
        "email": "laat@example.be",
        "organisation_name": "OCMW Bornem",
        "organisation_type": "local_authority",
        "shipping_address": "",
        "sessions": [session(2).pk, session(6).pk],
        "join_waiting_list": "on",
    }
    response = regisseur_client.post(reverse("admin:events_registration_add"), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    added = Registration.objects.get(email="laat@example.be")
    assert added.added_by_staff and added.status == Registration.Status.CONFIRMED
    assert sorted(c.session.number for c in added.choices.all()) == [2, 6]

    twice = regisseur_client.post(
        reverse("admin:events_registration_add"),
        {**data, "email": "ander@example.be", "sessions": [session(1).pk, session(2).pk]},
    )
    assert "Kies per reeks één workshop van dit evenement." in twice.content.decode()
    assert 'value="Laatkomer"' in twice.content.decode()


def test_cancel_action_in_the_admin(regisseur_client, netwerkdag):
    registration = register(netwerkdag, 1, 5)
    regisseur_client.post(
        reverse("admin:events_registration_changelist"),
        {"action": "cancel_registrations", "_selected_action": [registration.pk]},
    )
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    # Its seats went back; the list says it is cancelled where the workshops were.
    listed = regisseur_client.get(reverse("admin:events_registration_changelist"))
    assert '<td class="field-workshops">Geannuleerd</td>' in listed.content.decode()


def test_the_admin_add_form_says_when_a_workshop_is_full(regisseur_client, netwerkdag):
    for _ in range(11):
        register(netwerkdag, 4, 5)
    response = regisseur_client.post(
        reverse("admin:events_registration_add"),
        {
            "event": netwerkdag.pk,
            "name": "Nog één",
            "email": "nog.een@example.be",
            "organisation_name": "OCMW Bornem",
            "organisation_type": "local_authority",
            "sessions": [session(4).pk, session(5).pk],
        },
    )
    html = response.content.decode()
    assert "Deze workshop is intussen volzet" in html
    assert 'value="Nog één"' in html
    assert not Registration.objects.filter(email="nog.een@example.be").exists()


def test_registration_list_query_count_does_not_grow(
    regisseur_client, netwerkdag, django_assert_max_num_queries
):
    for _ in range(3):
        register(netwerkdag, 1, 5)
    url = reverse("admin:events_registration_changelist")
    with django_assert_max_num_queries(20) as few:
        regisseur_client.get(url)
    for _ in range(30):
        register(netwerkdag, 2, 6, join_waiting_list=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        regisseur_client.get(url)


def test_an_event_without_a_fixed_day_shows_as_tb_in_the_admin_list(regisseur_client, demo_data):
    html = regisseur_client.get(reverse("admin:events_event_changelist")).content.decode()
    assert "Tb. september 2022" in html  # the financiers event
    assert "1 september 2022" not in html and "01/09/2022" not in html
    assert "29/10/2020" in html  # the Netwerkdag, whose day is fixed


@pytest.mark.parametrize(
    "list_name",
    [
        "admin:events_event_changelist",
        "admin:events_registration_changelist",
        "admin:events_sessionchoice_changelist",
        "admin:events_session_changelist",
    ],
)
def test_admin_lists_of_events_cost_the_same_queries_with_more_hosted_events(
    regisseur_client, netwerkdag, list_name
):
    """An event's name names its host: the lists and their filters must not look it up per
    event (issue 16 saw 100–200 queries with hosts)."""
    host = Organisation.objects.get(name="Ecoso")
    netwerkdag.host = host
    netwerkdag.save()
    register(netwerkdag, 1, 5)
    url = reverse(list_name)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert regisseur_client.get(url).status_code == 200
        return len(context.captured_queries)

    before = queries()
    for i in range(15):
        copy = event_copy(
            event=netwerkdag,
            slug=f"netwerkdag-{i}",
            title=f"Netwerkdag {i}",
            date=datetime.date(2027, 1, 1) + datetime.timedelta(days=i),
            registration_closes_at=timezone.now() + datetime.timedelta(days=30),
        )
        copy.host = host
        copy.save()
        registration_create(
            event=copy,
            name=f"Deelnemer {i}",
            email=f"kopie{i}@example.be",
            organisation_name="Stad Lier",
            organisation_type="local_authority",
            sessions=list(Session.objects.filter(event=copy, number__in=[1, 5])),
        )
    assert queries() == before


def test_the_workshop_filter_lists_the_chosen_events_workshops_only(regisseur_client, netwerkdag):
    changelist = reverse("admin:events_sessionchoice_changelist")
    workshop = netwerkdag.sessions.order_by("number").first()
    html = regisseur_client.get(changelist).content.decode()
    assert f"session__id__exact={workshop.pk}" not in html  # hidden until an event is chosen
    event_parameter = f"session__event__{Event._meta.pk.name}__exact"
    for query in ({event_parameter: netwerkdag.pk}, {"session__id__exact": workshop.pk}):
        html = regisseur_client.get(changelist, query).content.decode()
        assert f"session__id__exact={workshop.pk}" in html
    for hostile in ("²", "abc", "-1"):
        response = regisseur_client.get(changelist, {event_parameter: hostile})
        assert response.status_code in (200, 302)
