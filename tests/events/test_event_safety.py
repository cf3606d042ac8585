"""Hardening of the event side: exports, deletes, feeds, erasure, proxies, stored files."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory, override_settings
from django.urls import reverse

from events.models import Event
from ilv import roles
from ilv.ratelimit import client_address
from meetings.models import Attachment, Meeting
from tests.events.conftest import register

pytestmark = pytest.mark.django_db

EXPORT_FIELDS = ["event", "workshop", "room", "name", "email", "organisation", "status", "attended"]


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://x")', "==1+1", "+cmd|' /C calc'!A0", "@SUM(A1)", "-2+3"]
)
def test_exports_never_contain_a_formula(regisseur_client, netwerkdag, name):
    register(netwerkdag, 1, 5, name=name)
    url = reverse("admin:events_sessionchoice_export")
    data = {f"sessionchoiceresource_{f}": "on" for f in EXPORT_FIELDS}
    text = regisseur_client.post(url, {"format": 0, **data}).content.decode("utf-8-sig")
    names = [row[3] for row in csv.reader(io.StringIO(text), delimiter=";")][1:]
    assert names == ["'" + name] * 2
    book = openpyxl.load_workbook(
        io.BytesIO(regisseur_client.post(url, {"format": 1, **data}).content)
    )
    cells = [row[3].value for row in book.active.iter_rows(min_row=2)]
    assert cells == ["'" + name] * 2


def test_registration_export_leaves_out_the_link_secret(regisseur_client, netwerkdag):
    registration = register(netwerkdag, 1, 5, name="Els Peeters")
    fields = ["event", "name", "email", "organisation", "kind", "status", "registered", "address"]
    response = regisseur_client.post(
        reverse("admin:events_registration_export"),
        {"format": 0, **{f"registrationresource_{f}": "on" for f in fields}},
    )
    text = response.content.decode("utf-8-sig")
    assert "Els Peeters" in text
    assert registration.link_nonce not in text


def test_registrations_and_seats_cannot_be_deleted_past_the_waiting_list(
    regisseur_client, netwerkdag
):
    registration = register(netwerkdag, 1, 5)
    choice = registration.choices.first()
    assert (
        regisseur_client.get(
            reverse("admin:events_registration_delete", args=[registration.pk])
        ).status_code
        == 403
    )
    assert (
        regisseur_client.get(
            reverse("admin:events_sessionchoice_delete", args=[choice.pk])
        ).status_code
        == 403
    )


def test_readers_get_no_access_to_registrants(demo_data):
    reader = Group.objects.get(name=roles.STUURGROEP)
    codenames = set(reader.permissions.values_list("codename", flat=True))
    assert "view_meeting" in codenames
    assert not codenames & {
        "view_registration",
        "view_sessionchoice",
        "view_historicalregistration",
    }


def test_unpublished_events_are_not_in_the_public_feed(client, netwerkdag):
    # In the feed's window, which reaches a year back.
    soon = netwerkdag.registration_closes_at.date() + datetime.timedelta(days=7)
    Event.objects.filter(pk=netwerkdag.pk).update(is_published=False, date=soon)
    assert b"Netwerkdag sociale economie" not in client.get(reverse("meetings:feed")).content
    Event.objects.filter(pk=netwerkdag.pk).update(is_published=True)
    assert b"Netwerkdag sociale economie" in client.get(reverse("meetings:feed")).content


@override_settings(TRUSTED_PROXIES=1)
def test_behind_one_proxy_the_visitor_is_the_last_forwarded_address():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    assert client_address(request) == "203.0.113.7"  # the spoofed first entry is ignored
    assert client_address(RequestFactory().get("/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"


def test_without_proxy_the_forwarded_header_is_ignored():
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == "198.51.100.4"


def test_saving_a_meeting_does_not_reopen_stored_attachments(
    regisseur_client, demo_data, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    meeting = Meeting.objects.get(date=datetime.date(2022, 2, 8))
    attachment = Attachment.objects.create(
        meeting=meeting, title="Verslag", file=SimpleUploadedFile("verslag.pdf", b"%PDF-1.7")
    )
    (tmp_path / attachment.file.name).unlink()  # the file went missing from storage
    change = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    html = regisseur_client.get(change).content.decode()
    assert "verslag" in html
    data = {
        "body": meeting.body_id,
        "title": "",
        "kind": "meeting",
        "is_published": "on",
        "date": "08/02/2022",
        "date_precision": 3,
        "place": "",
        "host": meeting.host_id,
        "minutes": "Nieuw verslag",
        **{
            f"{p}-{k}": v
            for p in ("agenda", "attendance", "decisions")
            for k, v in {
                "TOTAL_FORMS": 0,
                "INITIAL_FORMS": 0,
                "MIN_NUM_FORMS": 0,
                "MAX_NUM_FORMS": 1000,
            }.items()
        },
        "attachments-TOTAL_FORMS": 1,
        "attachments-INITIAL_FORMS": 1,
        "attachments-MIN_NUM_FORMS": 0,
        "attachments-MAX_NUM_FORMS": 1000,
        "attachments-0-id": attachment.pk,
        "attachments-0-meeting": meeting.pk,
        "attachments-0-title": "Verslag",
    }
    response = regisseur_client.post(change, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    meeting.refresh_from_db()
    assert meeting.minutes == "Nieuw verslag"
