"""A meeting's page: agenda, decisions, minutes, attendance and attachments, for readers only."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actors.models import Body, Person
from meetings.models import AgendaItem, Attachment, Attendance, Decision, Meeting
from meetings.services import attendance_prepare

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def meeting(demo_data, media):
    meeting = Meeting.objects.get(body__name="Beheerscomité ILV", date=datetime.date(2022, 2, 8))
    meeting.minutes = "Maatwerkbedrijf Webo stelde zich voor.\n<script>alert(1)</script>"
    meeting.save()
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Jaarverslag 2021")
    Decision.objects.create(
        meeting=meeting,
        agenda_item=item,
        text="Het jaarverslag wordt goedgekeurd.",
        follow_up_owner=Person.objects.get(name="Guido Vangoidsenhoven"),
        due_date=datetime.date(2022, 3, 1),
    )
    attendance_prepare(meeting=meeting)
    Attendance.objects.filter(meeting=meeting, person__name="Luc Van Houtven").update(
        status="present"
    )
    Attachment.objects.create(
        meeting=meeting,
        title="Verslag",
        file=SimpleUploadedFile("Verslag 8 februari.pdf", b"%PDF-1.7 verslag"),
    )
    return meeting


def test_meeting_page_shows_what_was_decided(beheerscomite_client, committee_member, meeting):
    html = beheerscomite_client.get(meeting.get_absolute_url()).content.decode()
    assert "Beheerscomité ILV bij Maatwerkbedrijf Webo" in html
    assert "Dinsdag 8 februari 2022" in html
    assert "1. Jaarverslag 2021" in html
    assert "Het jaarverslag wordt goedgekeurd." in html
    assert "Guido Vangoidsenhoven, tegen 01/03/2022" in html
    assert "Luc Van Houtven: aanwezig" in html and "Mina Kouskas: nog niet ingevuld" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert reverse("meetings:attachment", args=[meeting.attachments.get().pk]) in html


def test_prepare_attendance_puts_the_members_on_the_list_once(meeting):
    assert meeting.attendance.count() == 11  # 10 members and the secretariat
    assert attendance_prepare(meeting=meeting) == 0


def test_attachments_download_only_when_logged_in(client, committee_member, meeting):
    url = reverse("meetings:attachment", args=[meeting.attachments.get().pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(committee_member)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Verslag_8_februari.pdf"'
    assert b"".join(response.streaming_content) == b"%PDF-1.7 verslag"


def test_minutes_are_not_public(client, meeting):
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 302
    assert "goedgekeurd" not in response.content.decode()


def test_an_event_on_the_calendar_links_to_its_public_page(stuurgroep_client, demo_data):
    # An entry without a body: every reader reads it, whatever their seats.
    breakfast = Meeting.objects.get(title="Ontbijtsessie werkgevers stad Lier")
    html = stuurgroep_client.get(breakfast.get_absolute_url()).content.decode()
    assert reverse("events:event", args=["ontbijtsessie-werkgevers-lier-2022"]) in html


def test_unknown_meeting_is_404(stuurgroep_client, demo_data):
    assert stuurgroep_client.get(reverse("meetings:meeting", args=[99999])).status_code == 404
    assert stuurgroep_client.get(reverse("meetings:attachment", args=[99999])).status_code == 404


def test_meeting_page_query_count_does_not_grow_with_decisions_and_attendance(
    beheerscomite_client, committee_member, meeting, django_assert_max_num_queries
):
    # session, user, permissions (user, group), home region, the meeting with its body, host
    # and approval (readable: one subquery), agenda, attachments, attendance with the people,
    # decisions with their items and owners, the open decisions it follows up, the history of
    # its minutes
    with django_assert_max_num_queries(12):
        beheerscomite_client.get(meeting.get_absolute_url())
    later = Meeting.objects.get(body=meeting.body, date=datetime.date(2022, 10, 12))
    owner = Person.objects.get(name="Mina Kouskas")
    for i in range(2, 30):
        item = AgendaItem.objects.create(meeting=meeting, position=i, title=f"Punt {i}")
        Decision.objects.create(
            meeting=meeting, agenda_item=item, text=f"Beslissing {i}", follow_up_owner=owner
        )
        item = AgendaItem.objects.create(meeting=later, position=i, title=f"Punt {i}")
        Decision.objects.create(meeting=later, agenda_item=item, text=f"Beslissing {i}")
    Attendance.objects.filter(meeting=meeting).update(status="excused")
    with django_assert_max_num_queries(12):
        beheerscomite_client.get(meeting.get_absolute_url())
    with django_assert_max_num_queries(12):
        html = beheerscomite_client.get(later.get_absolute_url()).content.decode()
    follow_ups = html[html.index("Openstaande beslissingen") : html.index('id="decisions-title"')]
    assert follow_ups.count("Mina Kouskas") == 28  # the open decisions of 8 February


def test_the_admin_offers_only_members_for_attendance_and_own_items_for_decisions(
    regisseur_client, meeting
):
    html = regisseur_client.get(
        reverse("admin:meetings_meeting_change", args=[meeting.pk])
    ).content.decode()
    attendance_select = html[html.index('name="attendance-0-person"') :][:6000]
    assert "Mina Kouskas" in attendance_select and "Kristin Scharpé" not in attendance_select
    other = AgendaItem.objects.create(
        meeting=Meeting.objects.exclude(pk=meeting.pk).filter(body__isnull=False).first(),
        title="Punt van een andere vergadering",
    )
    html = regisseur_client.get(
        reverse("admin:meetings_meeting_change", args=[meeting.pk])
    ).content.decode()
    assert other.title not in html


def test_the_admin_refuses_a_fake_pdf_in_dutch(regisseur_client, demo_data, media):
    body = Body.objects.get(name="Stuurgroep ILV")
    data = {
        "body": body.pk,
        "title": "",
        "kind": "meeting",
        "date": "14/03/2023",
        "date_precision": 3,
        "place": "Mechelen",
        "minutes": "",
        **{
            f"{prefix}-{key}": value
            for prefix in ("agenda", "attendance", "decisions", "attachments")
            for key, value in {
                "TOTAL_FORMS": 0,
                "INITIAL_FORMS": 0,
                "MIN_NUM_FORMS": 0,
                "MAX_NUM_FORMS": 1000,
            }.items()
        },
        "attachments-TOTAL_FORMS": 1,
        "attachments-0-title": "Verslag",
        "attachments-0-file": SimpleUploadedFile("verslag.pdf", b"<html>nope</html>"),
    }
    response = regisseur_client.post(reverse("admin:meetings_meeting_add"), data)
    assert response.status_code == 200
    assert "geen echt PDF-bestand" in response.content.decode()
    assert not Meeting.objects.filter(date=datetime.date(2023, 3, 14)).exists()
    assert not list(media.rglob("*.pdf"))
