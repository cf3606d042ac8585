"""Events are an app of their own: the calendar admin lists meetings only, an event's changes are
recorded like every other record, and an address registers once per event whatever its capitals."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Registration
from meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_the_meetings_admin_neither_lists_nor_edits_events(regisseur_client, demo_data):
    html = regisseur_client.get(reverse("admin:meetings_meeting_changelist")).content.decode()
    assert "Stuurgroep ILV" in html and "Ontbijtsessie werkgevers stad Lier" not in html
    breakfast = Event.objects.get(slug="ontbijtsessie-werkgevers-lier-2022")
    change = reverse("admin:meetings_meeting_change", args=[breakfast.pk])
    assert regisseur_client.get(change, follow=True).redirect_chain[-1][0] == reverse("admin:index")
    events = regisseur_client.get(reverse("admin:events_event_changelist")).content.decode()
    assert "Ontbijtsessie werkgevers stad Lier" in events


def test_an_action_can_still_name_an_event_as_the_calendar_entry_it_carries_out(
    regisseur_client, demo_data
):
    url = reverse("admin:autocomplete") + (
        "?term=Ontbijt&app_label=reports&model_name=action&field_name=meetings"
    )
    assert "Ontbijtsessie werkgevers stad Lier" in regisseur_client.get(url).content.decode()


def test_an_events_change_is_recorded_and_its_history_page_opens(regisseur_client, demo_data):
    event = Event.objects.get(slug="netwerkdag-sociale-economie-2020")
    event.capacity, event.place = 80, "Provinciehuis Leuven, zaal 2"
    event.save()
    latest = event.history.first()
    assert (latest.capacity, latest.place, latest.history_type) == (
        80,
        "Provinciehuis Leuven, zaal 2",
        "~",
    )
    response = regisseur_client.get(reverse("admin:events_event_history", args=[event.pk]))
    assert response.status_code == 200
    assert "Netwerkdag sociale economie" in response.content.decode()


def test_an_address_registers_once_per_event_whatever_its_capitals(demo_data):
    event = Event.objects.get(slug="netwerkdag-sociale-economie-2020")
    fields = {
        "event": event,
        "name": "Els Peeters",
        "organisation_name": "Gemeente Bornem",
        "organisation_type": "local_authority",
        "consented_at": timezone.now(),
    }
    Registration.objects.create(email="els@example.be", link_nonce="a" * 43, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(email="Els@Example.BE", link_nonce="b" * 43, **fields)


def test_an_event_is_a_calendar_entry_and_its_page_is_linked_from_the_calendar(demo_data):
    entry = Meeting.objects.with_extensions().get(title="Ontbijtsessie werkgevers stad Lier")
    assert entry.public_url == reverse("events:event", args=["ontbijtsessie-werkgevers-lier-2022"])
    meeting = Meeting.objects.with_extensions().filter(body__name="Stuurgroep ILV").first()
    assert meeting.public_url is None
