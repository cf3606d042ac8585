"""The regisseur's meeting screen: agenda numbers follow on, decisions go in on the same screen
as a new meeting's agenda, and the attendance list starts from the body's members."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actors.models import Body, Person
from meetings.models import AgendaItem, Attendance, Decision, Meeting

pytestmark = pytest.mark.django_db

ADD = reverse("admin:meetings_meeting_add")


def management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def meeting_data(body, *, date="14/03/2023", agenda=(), decisions=(), **extra):
    """What the add form posts: the meeting, its agenda rows (number, title) and decisions
    (agenda number, text, follow-up owner)."""
    data = {
        "body": body.pk if body else "",
        "title": "" if body else "Inspiratiebezoek",
        "kind": "meeting" if body else "visit",
        "is_published": "on",
        "date": date,
        "date_precision": 3,
        "place": "Mechelen",
        "minutes": "",
        **management("agenda", len(agenda)),
        **management("attendance"),
        **management("decisions", len(decisions)),
        **management("attachments"),
        **extra,
    }
    for i, (number, title) in enumerate(agenda):
        data |= {f"agenda-{i}-position": number, f"agenda-{i}-title": title}
    for i, (number, text, owner) in enumerate(decisions):
        data |= {
            f"decisions-{i}-agenda_number": number,
            f"decisions-{i}-text": text,
            f"decisions-{i}-follow_up_owner": owner.pk if owner else "",
            f"decisions-{i}-status": "open",
        }
    return data


@pytest.fixture
def steering(demo_data):
    return Body.objects.get(name="Stuurgroep ILV")


def test_decisions_are_entered_with_the_agenda_of_a_new_meeting(regisseur_client, steering):
    owner = Person.objects.get(name="Guido Vangoidsenhoven")
    data = meeting_data(
        steering,
        agenda=[("1", "Goedkeuring verslag"), ("2", "LDE-oproep")],
        decisions=[("2", "De stuurgroep adviseert de verdeling.", owner)],
        **{"decisions-0-due_date": "01/04/2023"},
    )
    response = regisseur_client.post(ADD, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    meeting = Meeting.objects.get(body=steering, date=datetime.date(2023, 3, 14))
    decision = meeting.decisions.get()
    assert decision.agenda_item.title == "LDE-oproep"
    assert decision.follow_up_owner == owner and decision.due_date == datetime.date(2023, 4, 1)


def test_a_decision_naming_a_number_not_on_the_agenda_is_refused_in_dutch(
    regisseur_client, steering
):
    data = meeting_data(
        steering, agenda=[("1", "LDE-oproep")], decisions=[("3", "Iets beslist.", None)]
    )
    response = regisseur_client.post(ADD, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Er is geen agendapunt met nummer 3 op deze vergadering." in html
    assert 'value="Iets beslist."' in html or "Iets beslist.</textarea>" in html  # kept
    assert not Meeting.objects.filter(date=datetime.date(2023, 3, 14)).exists()


def test_agenda_rows_without_a_number_get_the_next_ones(regisseur_client, steering):
    data = meeting_data(
        steering,
        agenda=[("", "Verwelkoming"), ("5", "Varia"), ("", "Rondvraag")],
        decisions=[("7", "Volgende vergadering op 8 juni.", None)],
    )
    assert regisseur_client.post(ADD, data).status_code == 302
    meeting = Meeting.objects.get(body=steering, date=datetime.date(2023, 3, 14))
    assert [(i.position, i.title) for i in meeting.agenda.all()] == [
        (5, "Varia"),
        (6, "Verwelkoming"),
        (7, "Rondvraag"),
    ]
    assert meeting.decisions.get().agenda_item.title == "Rondvraag"


def test_two_agenda_items_cannot_share_a_number(regisseur_client, steering):
    data = meeting_data(steering, agenda=[("2", "LDE-oproep"), ("2", "Varia")])
    response = regisseur_client.post(ADD, data)
    assert response.status_code == 200
    assert "Nummer 2 staat bij meer dan één agendapunt" in response.content.decode()
    assert not AgendaItem.objects.filter(title="Varia").exists()


def test_the_database_refuses_a_shared_number_too(steering):
    meeting = Meeting.objects.create(body=steering, date=datetime.date(2023, 3, 14))
    AgendaItem.objects.create(meeting=meeting, position=1, title="LDE-oproep")
    with pytest.raises(ValidationError, match="al een agendapunt met dit nummer"):
        AgendaItem(meeting=meeting, position=1, title="Varia").full_clean()


def test_extra_agenda_rows_are_prefilled_with_the_next_numbers(regisseur_client, steering):
    meeting = Meeting.objects.create(body=steering, date=datetime.date(2023, 3, 14))
    AgendaItem.objects.create(meeting=meeting, position=1, title="Verwelkoming")
    AgendaItem.objects.create(meeting=meeting, position=4, title="LDE-oproep")
    html = regisseur_client.get(
        reverse("admin:meetings_meeting_change", args=[meeting.pk])
    ).content.decode()
    numbers = re.findall(r'name="agenda-(\d)-position" value="(\d+)"', html)
    assert numbers == [("0", "1"), ("1", "4"), ("2", "5"), ("3", "6"), ("4", "7")]
    html = regisseur_client.get(ADD).content.decode()
    assert re.findall(r'name="agenda-(\d)-position" value="(\d+)"', html) == [
        ("0", "1"),
        ("1", "2"),
        ("2", "3"),
    ]


def test_two_agenda_items_can_swap_numbers(regisseur_client, steering):
    meeting = Meeting.objects.create(body=steering, date=datetime.date(2023, 3, 14))
    first = AgendaItem.objects.create(meeting=meeting, position=1, title="LDE-oproep")
    second = AgendaItem.objects.create(meeting=meeting, position=2, title="Varia")
    data = meeting_data(steering) | management("agenda", 2, 2)
    data |= {
        "agenda-0-id": first.pk,
        "agenda-0-meeting": meeting.pk,
        "agenda-0-position": 2,
        "agenda-0-title": "LDE-oproep",
        "agenda-1-id": second.pk,
        "agenda-1-meeting": meeting.pk,
        "agenda-1-position": 1,
        "agenda-1-title": "Varia",
    }
    change = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    response = regisseur_client.post(change, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert [i.title for i in meeting.agenda.all()] == ["Varia", "LDE-oproep"]


def test_a_new_meeting_of_a_body_starts_its_attendance_from_the_members(regisseur_client, steering):
    response = regisseur_client.post(ADD, meeting_data(steering), follow=True)
    meeting = Meeting.objects.get(body=steering, date=datetime.date(2023, 3, 14))
    members = set(meeting.members_on_date().values_list("person_id", flat=True))
    assert set(meeting.attendance.values_list("person_id", flat=True)) == members
    assert len(members) == 11  # ten municipalities and the secretariat (Annex 1)
    assert set(meeting.attendance.values_list("status", flat=True)) == {"unknown"}
    assert "11 leden van Stuurgroep ILV staan op de aanwezigheidslijst" in (
        response.content.decode()
    )


def test_attendance_already_filled_in_is_left_alone(regisseur_client, steering):
    meeting = Meeting.objects.create(body=steering, date=datetime.date(2023, 3, 14))
    person = Person.objects.get(name="Stephanie Verhoeven")
    Attendance.objects.create(meeting=meeting, person=person, status="present")
    data = meeting_data(steering) | management("attendance", 1, 1)
    attendance = meeting.attendance.get()
    data |= {
        "attendance-0-id": attendance.pk,
        "attendance-0-meeting": meeting.pk,
        "attendance-0-person": person.pk,
        "attendance-0-status": "present",
    }
    change = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    assert regisseur_client.post(change, data).status_code == 302
    assert list(meeting.attendance.values_list("person__name", "status")) == [
        ("Stephanie Verhoeven", "present")
    ]


def test_a_moment_without_body_gets_no_attendance_list(regisseur_client, demo_data):
    assert regisseur_client.post(ADD, meeting_data(None)).status_code == 302
    visit = Meeting.objects.get(title="Inspiratiebezoek", date=datetime.date(2023, 3, 14))
    assert not visit.attendance.exists()


def test_existing_decisions_keep_their_agenda_item_when_the_agenda_is_renumbered(
    regisseur_client, steering
):
    meeting = Meeting.objects.create(body=steering, date=datetime.date(2023, 3, 14))
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="LDE-oproep")
    decision = Decision.objects.create(meeting=meeting, agenda_item=item, text="Advies gunstig.")
    data = meeting_data(steering) | management("agenda", 1, 1) | management("decisions", 1, 1)
    data |= {
        "agenda-0-id": item.pk,
        "agenda-0-meeting": meeting.pk,
        "agenda-0-position": 3,
        "agenda-0-title": "LDE-oproep",
        "decisions-0-id": decision.pk,
        "decisions-0-meeting": meeting.pk,
        "decisions-0-agenda_number": 3,
        "decisions-0-text": "Advies gunstig.",
        "decisions-0-status": "open",
    }
    change = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    response = regisseur_client.post(change, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    decision.refresh_from_db()
    assert decision.agenda_item == item and decision.agenda_item.position == 3


def test_a_decision_whose_number_is_left_alone_follows_its_item_when_renumbered(
    regisseur_client, steering
):
    meeting = Meeting.objects.create(body=steering, date=datetime.date(2023, 3, 14))
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="LDE-oproep")
    other = AgendaItem.objects.create(meeting=meeting, position=2, title="Varia")
    decision = Decision.objects.create(meeting=meeting, agenda_item=item, text="Advies gunstig.")
    data = meeting_data(steering) | management("agenda", 2, 2) | management("decisions", 1, 1)
    data |= {
        "agenda-0-id": item.pk,
        "agenda-0-meeting": meeting.pk,
        "agenda-0-position": 2,
        "agenda-0-title": "LDE-oproep",
        "agenda-1-id": other.pk,
        "agenda-1-meeting": meeting.pk,
        "agenda-1-position": 1,
        "agenda-1-title": "Varia",
        "decisions-0-id": decision.pk,
        "decisions-0-meeting": meeting.pk,
        "decisions-0-agenda_number": 1,  # as shown before the swap
        "decisions-0-text": "Advies gunstig, met een opmerking.",
        "decisions-0-status": "open",
    }
    change = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    response = regisseur_client.post(change, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    decision.refresh_from_db()
    assert decision.agenda_item == item and decision.text.endswith("opmerking.")
