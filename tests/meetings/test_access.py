"""Who reads a meeting: the regisseur every meeting, a member the meetings of the bodies they
sit in today, every reader the entries without a body. Others get 404, as if it did not exist."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from meetings.access import readable_meetings
from meetings.models import AgendaItem, Attachment, Decision, Meeting
from tests.conftest import seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def steering_meeting(demo_data, media):
    meeting = Meeting.objects.get(body__name="Stuurgroep ILV", date=datetime.date(2022, 2, 2))
    meeting.minutes = "Stand van de LDE-oproep."
    meeting.save()
    Attachment.objects.create(
        meeting=meeting, title="Nota", file=SimpleUploadedFile("nota.pdf", b"%PDF-1.7 nota")
    )
    return meeting


@pytest.fixture
def committee_meeting(demo_data, media):
    meeting = Meeting.objects.get(body__name="Beheerscomité ILV", date=datetime.date(2022, 2, 8))
    Attachment.objects.create(
        meeting=meeting, title="Jaarverslag", file=SimpleUploadedFile("jv.pdf", b"%PDF-1.7 jv")
    )
    return meeting


def page_and_attachment(client, meeting):
    attachment = meeting.attachments.get()
    return (
        client.get(meeting.get_absolute_url()).status_code,
        client.get(reverse("meetings:attachment", args=[attachment.pk])).status_code,
    )


def test_a_member_reads_the_meetings_of_their_own_body(
    stuurgroep_client, steering_member, steering_meeting
):
    assert page_and_attachment(stuurgroep_client, steering_meeting) == (200, 200)


def test_a_committee_member_cannot_read_a_steering_group_meeting(
    beheerscomite_client, committee_member, steering_meeting
):
    assert page_and_attachment(beheerscomite_client, steering_meeting) == (404, 404)


def test_a_steering_group_member_cannot_read_a_committee_meeting(
    stuurgroep_client, steering_member, committee_meeting
):
    assert page_and_attachment(stuurgroep_client, committee_meeting) == (404, 404)


def test_a_former_member_no_longer_reads_the_body(stuurgroep_client, stuurgroep, steering_meeting):
    # Sat in the stuurgroep when the meeting took place, left at the end of 2022.
    seat(
        stuurgroep,
        "Stuurgroep ILV",
        start=datetime.date(2021, 1, 1),
        end=datetime.date(2022, 12, 31),
    )
    assert page_and_attachment(stuurgroep_client, steering_meeting) == (404, 404)


def test_a_new_member_reads_the_body_s_earlier_meetings(
    stuurgroep_client, stuurgroep, steering_meeting
):
    seat(stuurgroep, "Stuurgroep ILV", start=timezone.localdate())
    assert page_and_attachment(stuurgroep_client, steering_meeting) == (200, 200)


def test_a_login_with_the_role_but_no_seat_reads_only_entries_without_a_body(
    stuurgroep_client, stuurgroep, steering_meeting
):
    assert page_and_attachment(stuurgroep_client, steering_meeting) == (404, 404)
    visit = Meeting.objects.get(title="Inspiratiebezoek Loods 409")
    assert stuurgroep_client.get(visit.get_absolute_url()).status_code == 200
    assert set(readable_meetings(stuurgroep)) == set(Meeting.objects.filter(body__isnull=True))


def test_the_regisseur_reads_every_meeting(regisseur_client, steering_meeting, committee_meeting):
    assert page_and_attachment(regisseur_client, steering_meeting) == (200, 200)
    assert page_and_attachment(regisseur_client, committee_meeting) == (200, 200)


def test_the_calendar_lists_everything_but_links_only_what_the_reader_may_open(
    beheerscomite_client, committee_member, steering_meeting, committee_meeting
):
    html = beheerscomite_client.get(reverse("meetings:calendar"), {"jaar": 2022}).content.decode()
    assert f'href="{committee_meeting.get_absolute_url()}"' in html
    assert f'href="{steering_meeting.get_absolute_url()}"' not in html
    assert html.count("Stuurgroep ILV") >= 5  # listed, without a link
    visit = Meeting.objects.get(title="Inspiratiebezoek Loods 409")
    assert f'href="{visit.get_absolute_url()}"' in html


def test_open_decisions_are_narrowed_to_what_the_reader_may_read(
    stuurgroep, steering_member, steering_meeting, committee_meeting
):
    for meeting in (steering_meeting, committee_meeting):
        item = AgendaItem.objects.create(meeting=meeting, position=1, title="Opvolging")
        Decision.objects.create(meeting=meeting, agenda_item=item, text=f"Uit {meeting.pk}")
    readable = Decision.objects.open().readable_by(stuurgroep)
    assert [d.meeting for d in readable] == [steering_meeting]


def test_a_reader_given_staff_status_still_reads_only_their_bodies_in_the_admin(
    client, steering_member, steering_meeting, committee_meeting
):
    steering_member.is_staff = True
    steering_member.save()
    item = AgendaItem.objects.create(meeting=committee_meeting, title="Begroting")
    Decision.objects.create(meeting=committee_meeting, agenda_item=item, text="Geheim besluit")
    client.force_login(steering_member)
    theirs = reverse("admin:meetings_meeting_change", args=[committee_meeting.pk])
    ours = reverse("admin:meetings_meeting_change", args=[steering_meeting.pk])
    assert client.get(ours).status_code == 200
    assert client.get(theirs).status_code == 302  # "does not exist", back to the list
    listing = client.get(reverse("admin:meetings_meeting_changelist")).content.decode()
    results = listing.split('id="result_list"')[1].split("</table>")[0]
    assert "Stuurgroep ILV" in results and "Beheerscomité ILV" not in results
    decisions = client.get(reverse("admin:meetings_decision_changelist")).content.decode()
    assert "Geheim besluit" not in decisions
