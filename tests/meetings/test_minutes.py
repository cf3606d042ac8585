"""Minutes are a draft until a later meeting of the body approves them by a decision; then they
no longer change, and readers see which version they read."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actors.models import Body
from meetings.models import AgendaItem, Decision, Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(demo_data):
    return Body.objects.get(name="Beheerscomité ILV")


@pytest.fixture
def february(committee):
    meeting = Meeting.objects.get(body=committee, date=datetime.date(2022, 2, 8))
    meeting.minutes = "Maatwerkbedrijf Webo stelde zich voor."
    meeting.full_clean()
    meeting.save()
    return meeting


@pytest.fixture
def october(committee):
    return Meeting.objects.get(body=committee, date=datetime.date(2022, 10, 12))


def approval(meeting, approved) -> Decision:
    item, _created = AgendaItem.objects.get_or_create(
        meeting=meeting, position=1, defaults={"title": "Goedkeuring verslag vorige vergadering"}
    )
    return Decision(
        meeting=meeting,
        agenda_item=item,
        text="Het verslag van de vorige vergadering wordt goedgekeurd.",
        approves_minutes_of=approved,
    )


def approve(meeting, approved) -> Decision:
    decision = approval(meeting, approved)
    decision.full_clean()
    decision.save()
    return decision


def test_minutes_are_a_draft_until_the_next_meeting_approves_them(
    beheerscomite_client, committee_member, february, october
):
    html = beheerscomite_client.get(february.get_absolute_url()).content.decode()
    assert "Ontwerpverslag" in html and "Goedgekeurd verslag" not in html
    assert "Versie 1, laatst gewijzigd op" in html

    approve(october, february)
    html = beheerscomite_client.get(february.get_absolute_url()).content.decode()
    assert "Goedgekeurd verslag" in html and "Ontwerpverslag" not in html
    assert "goedgekeurd op 12/10/2022 door" in html
    assert f'href="{october.get_absolute_url()}"' in html
    html = beheerscomite_client.get(october.get_absolute_url()).content.decode()
    assert "Keurt het verslag goed van" in html
    assert f'href="{february.get_absolute_url()}"' in html


def test_every_change_of_the_text_is_a_new_version(february):
    assert february.minutes_versions().number == 1
    february.minutes = "Maatwerkbedrijf Webo stelde zich voor. Aangevuld."
    february.full_clean()
    february.save()
    february.place = "Mechelen"  # not a change of the minutes
    february.save()
    version = february.minutes_versions()
    assert version.number == 2
    assert version.changed_at == february.history.order_by("history_date")[1].history_date


def test_approved_minutes_cannot_change(february, october):
    approve(october, february)
    february.refresh_from_db()
    february.minutes = "Stilletjes herschreven."
    with pytest.raises(ValidationError, match="goedgekeurd verslag wijzigt niet meer"):
        february.full_clean()
    february.refresh_from_db()
    february.place = "Lier"
    february.full_clean()  # the rest of the meeting still changes


def test_only_earlier_minutes_of_the_same_body_that_exist_can_be_approved(
    committee, february, october
):
    with pytest.raises(ValidationError, match="eerdere vergadering"):
        approval(february, october).full_clean()
    steering = Meeting.objects.get(body__name="Stuurgroep ILV", date=datetime.date(2022, 3, 9))
    with pytest.raises(ValidationError, match="eigen orgaan"):
        approval(steering, february).full_clean()
    empty = Meeting.objects.get(body=committee, date=datetime.date(2021, 10, 6))
    with pytest.raises(ValidationError, match="nog geen verslag"):
        approval(february, empty).full_clean()


def test_minutes_are_approved_once(february, october):
    approve(october, february)
    later = Meeting.objects.create(body=february.body, date=datetime.date(2022, 12, 14))
    with pytest.raises(ValidationError, match="bestaat al"):
        approval(later, february).full_clean()


def test_the_admin_refuses_to_change_approved_minutes_in_dutch(regisseur_client, february, october):
    approve(october, february)
    change = reverse("admin:meetings_meeting_change", args=[february.pk])
    html = regisseur_client.get(change).content.decode()
    assert "Goedgekeurd verslag (versie 1), goedgekeurd door" in html
    data = {
        "body": february.body_id,
        "title": "",
        "kind": "meeting",
        "is_published": "on",
        "date": "08/02/2022",
        "date_precision": 3,
        "place": "",
        "host": february.host_id,
        "minutes": "Herschreven na de goedkeuring.",
        **{
            f"{p}-{k}": v
            for p in ("agenda", "attendance", "decisions", "attachments")
            for k, v in {
                "TOTAL_FORMS": 0,
                "INITIAL_FORMS": 0,
                "MIN_NUM_FORMS": 0,
                "MAX_NUM_FORMS": 1000,
            }.items()
        },
    }
    response = regisseur_client.post(change, data)
    assert response.status_code == 200
    assert "een goedgekeurd verslag wijzigt niet meer" in response.content.decode()
    february.refresh_from_db()
    assert february.minutes == "Maatwerkbedrijf Webo stelde zich voor."


def test_approving_minutes_leaves_nothing_to_follow_up(february, october):
    decision = approve(october, february)
    assert decision.status == Decision.Status.DONE
    assert decision.done_on == datetime.date(2022, 10, 12)
    assert decision not in Decision.objects.open()


def test_the_admin_offers_only_the_bodys_own_earlier_minutes(regisseur_client, february, october):
    steering = Meeting.objects.get(body__name="Stuurgroep ILV", date=datetime.date(2022, 2, 2))
    steering.minutes = "Verslag van de stuurgroep."
    steering.save()
    html = regisseur_client.get(
        reverse("admin:meetings_meeting_change", args=[october.pk])
    ).content.decode()
    select = html[html.index('name="decisions-__prefix__-approves_minutes_of"') :]
    select = select[: select.index("</select>")]
    assert f'value="{february.pk}"' in select and f'value="{steering.pk}"' not in select


def test_a_decision_that_comes_to_approve_minutes_is_done_on_its_day(february, october):
    item = AgendaItem.objects.create(meeting=october, title="Verslag")
    decision = Decision.objects.create(meeting=october, agenda_item=item, text="Goedgekeurd.")
    assert decision.status == Decision.Status.OPEN
    decision.approves_minutes_of = february
    decision.full_clean()
    decision.save()
    assert decision.status == Decision.Status.DONE and decision.done_on == october.date
