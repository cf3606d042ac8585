import datetime

import pytest
from django.core.management import call_command

from events.models import Event, Registration
from tests.events.conftest import register

pytestmark = pytest.mark.django_db


def test_personal_data_is_erased_a_year_after_the_event_history_included(netwerkdag):
    old = register(netwerkdag, 1, 5, name="Els Peeters", email="els@bornem.be", shipping_address="")
    old.shipping_address = "Kerkstraat 1"
    old.save()
    recent = Event.objects.get(slug="ontbijtsessie-werkgevers-lier-2022")
    recent.registration_enabled, recent.registration_closes_at = (
        True,
        netwerkdag.registration_closes_at,
    )
    recent.save()
    kept = Registration.objects.create(
        event=recent,
        name="Jan",
        email="jan@lier.be",
        organisation_name="Stad Lier",
        organisation_type="local_authority",
        consented_at=old.consented_at,
        link_nonce="x",
    )
    call_command("erase_registrations", "--days", "0")  # today: both events are past
    old.refresh_from_db()
    assert (old.name, old.email, old.shipping_address) == (
        "Gewist",
        f"inschrijving-{old.pk}@gewist.invalid",
        "",
    )
    assert old.organisation_name == "Gemeente Bornem" and old.choices.count() == 2
    assert not old.history.exists()
    assert not Registration.history.filter(email="els@bornem.be").exists()

    kept.refresh_from_db()
    assert kept.name == "Gewist"  # 2022 is long past too
    Event.objects.filter(pk=recent.pk).update(date=datetime.date.today())
    fresh = Registration.objects.create(
        event=recent,
        name="Nieuw",
        email="nieuw@lier.be",
        organisation_name="Stad Lier",
        organisation_type="local_authority",
        consented_at=old.consented_at,
        link_nonce="y",
    )
    call_command("erase_registrations")
    fresh.refresh_from_db()
    assert fresh.name == "Nieuw"
