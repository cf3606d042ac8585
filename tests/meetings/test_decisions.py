"""Decisions are followed up: open or done (and when), overdue once their date has passed, shown
again on the body's next meeting until done, and marked done by the regisseur in the admin."""

import csv
import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db.models import RestrictedError
from django.urls import reverse

from actors.models import Body, Person
from meetings.models import AgendaItem, Decision, Meeting
from meetings.services import decisions_mark_done

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2022, 6, 1)


@pytest.fixture
def committee(demo_data):
    return Body.objects.get(name="Beheerscomité ILV")


@pytest.fixture
def owner(demo_data):
    return Person.objects.get(name="Guido Vangoidsenhoven")


def decide(meeting, text, *, owner=None, due=None, position=1) -> Decision:
    item, _created = AgendaItem.objects.get_or_create(
        meeting=meeting, position=position, defaults={"title": f"Punt {position}"}
    )
    decision = Decision(
        meeting=meeting, agenda_item=item, text=text, follow_up_owner=owner, due_date=due
    )
    decision.full_clean()
    decision.save()
    return decision


def test_a_decision_starts_open_and_records_the_day_it_is_done(committee, owner):
    meeting = Meeting.objects.get(body=committee, date=datetime.date(2022, 2, 8))
    decision = decide(meeting, "Jaarverslag bezorgen", owner=owner, due=datetime.date(2022, 3, 1))
    assert decision.status == Decision.Status.OPEN and decision.done_on is None
    with time_machine.travel(datetime.datetime(2022, 3, 4, 12), tick=False):
        decision.status = Decision.Status.DONE
        decision.full_clean()
    assert decision.done_on == datetime.date(2022, 3, 4)
    decision.status = Decision.Status.OPEN
    decision.full_clean()
    assert decision.done_on is None  # reopened: no longer done on any day


def test_open_and_overdue_as_the_overview_reads_them(committee, owner):
    meeting = Meeting.objects.get(body=committee, date=datetime.date(2022, 2, 8))
    late = decide(meeting, "Te laat", owner=owner, due=datetime.date(2022, 5, 1))
    on_time = decide(meeting, "Op tijd", owner=owner, due=datetime.date(2022, 7, 1))
    undated = decide(meeting, "Zonder datum")
    done = decide(meeting, "Afgehandeld", owner=owner, due=datetime.date(2022, 4, 1))
    decisions_mark_done(decisions=Decision.objects.filter(pk=done.pk), on=TODAY)
    assert set(Decision.objects.open()) == {late, on_time, undated}
    assert list(Decision.objects.overdue(TODAY)) == [late]
    assert list(Decision.objects.done()) == [done]
    assert late.is_overdue_on(TODAY) and not on_time.is_overdue_on(TODAY)
    assert not Decision.objects.get(pk=done.pk).is_overdue_on(TODAY)


def test_marking_done_keeps_the_day_of_decisions_already_done(committee, owner):
    meeting = Meeting.objects.get(body=committee, date=datetime.date(2022, 2, 8))
    first = decide(meeting, "Eerste")
    decisions_mark_done(decisions=Decision.objects.filter(pk=first.pk), on=TODAY)
    second = decide(meeting, "Tweede")
    marked = decisions_mark_done(decisions=Decision.objects.all(), on=datetime.date(2022, 6, 2))
    assert marked == 1
    assert Decision.objects.get(pk=first.pk).done_on == TODAY
    assert Decision.objects.get(pk=second.pk).done_on == datetime.date(2022, 6, 2)


def test_an_open_decision_cannot_carry_a_done_date(committee):
    meeting = Meeting.objects.get(body=committee, date=datetime.date(2022, 2, 8))
    decision = decide(meeting, "Open")
    with pytest.raises(Exception, match="decision_done_on_only_when_done|CHECK constraint"):
        Decision.objects.filter(pk=decision.pk).update(done_on=TODAY)


def follow_ups_on(client, meeting) -> str:
    html = client.get(meeting.get_absolute_url()).content.decode()
    if "Openstaande beslissingen" not in html:
        return ""
    return html[html.index("Openstaande beslissingen") : html.index('id="decisions-title"')]


def test_open_decisions_come_back_on_every_later_meeting_of_the_body_until_done(
    beheerscomite_client, committee_member, committee, owner
):
    february = Meeting.objects.get(body=committee, date=datetime.date(2022, 2, 8))
    october = Meeting.objects.get(body=committee, date=datetime.date(2022, 10, 12))
    december = Meeting.objects.create(body=committee, date=datetime.date(2022, 12, 14))
    bezorgen = decide(february, "Jaarverslag bezorgen", owner=owner, due=datetime.date(2022, 3, 1))
    decide(february, "Geen opvolging nodig", position=2)

    shown = follow_ups_on(beheerscomite_client, october)
    assert "Jaarverslag bezorgen" in shown
    assert "Guido Vangoidsenhoven" in shown and "01/03/2022" in shown
    assert "te laat" in shown  # said in words, not only in colour
    assert "Geen opvolging nodig" not in shown  # nobody follows it up: a record, not a task
    # Not on its own page; on every later meeting while it is open.
    assert follow_ups_on(beheerscomite_client, february) == ""
    assert "Jaarverslag bezorgen" in follow_ups_on(beheerscomite_client, december)

    decisions_mark_done(decisions=Decision.objects.filter(pk=bezorgen.pk), on=TODAY)
    assert follow_ups_on(beheerscomite_client, october) == ""
    assert follow_ups_on(beheerscomite_client, december) == ""


def test_a_cancelled_meeting_passes_the_follow_up_on_to_the_next_one(committee, owner):
    february = Meeting.objects.get(body=committee, date=datetime.date(2022, 2, 8))
    october = Meeting.objects.get(body=committee, date=datetime.date(2022, 10, 12))
    june = Meeting.objects.create(body=committee, date=datetime.date(2022, 6, 15), cancelled=True)
    decision = decide(february, "Opvolgen")
    assert list(Decision.objects.open().followed_up_at(june)) == []
    assert list(Decision.objects.open().followed_up_at(october)) == [decision]


def test_a_visit_of_the_body_is_not_its_next_meeting(demo_data):
    network = Body.objects.get(name="Regionaal Ervaringsnetwerk Rivierenland")
    march = Meeting.objects.get(body=network, date=datetime.date(2022, 3, 10))
    visit = Meeting.objects.get(body=network, title="Bezoek Hof van Coolhem")
    november = Meeting.objects.get(body=network, date=datetime.date(2022, 11, 1))
    decision = decide(march, "Werkgroepen samenstellen")
    assert list(Decision.objects.open().followed_up_at(visit)) == []
    assert list(Decision.objects.open().followed_up_at(november)) == [decision]


def test_decisions_of_another_body_never_come_back(committee):
    steering = Meeting.objects.get(body__name="Stuurgroep ILV", date=datetime.date(2022, 2, 2))
    october = Meeting.objects.get(body=committee, date=datetime.date(2022, 10, 12))
    decide(steering, "Van de stuurgroep")
    assert list(Decision.objects.open().followed_up_at(october)) == []


def test_the_regisseur_marks_decisions_done_from_the_changelist(regisseur_client, committee, owner):
    meeting = Meeting.objects.get(body=committee, date=datetime.date(2022, 2, 8))
    late = decide(meeting, "Te laat", owner=owner, due=datetime.date(2022, 3, 1))
    later = decide(meeting, "Nog niet", owner=owner, due=datetime.date(2099, 1, 1))
    changelist = reverse("admin:meetings_decision_changelist")

    html = regisseur_client.get(changelist, {"te_laat": "ja"}).content.decode()
    assert "Te laat" in html and "Nog niet</a>" not in html and "Nog niet<" not in html
    html = regisseur_client.get(changelist, {"status__exact": "open"}).content.decode()
    assert "Markeer als afgehandeld" in html

    response = regisseur_client.post(
        changelist, {"action": "mark_done", "_selected_action": [late.pk]}, follow=True
    )
    assert "1 beslissing als afgehandeld gemarkeerd." in response.content.decode()
    late.refresh_from_db()
    later.refresh_from_db()
    assert late.status == "done" and late.done_on is not None
    assert later.status == "open"
    assert late.history.first().history_user.username == "regisseur"


def test_the_status_is_editable_in_the_list_and_records_the_day(regisseur_client, committee):
    meeting = Meeting.objects.get(body=committee, date=datetime.date(2022, 2, 8))
    decision = decide(meeting, "Bezorgen")
    data = {
        "form-TOTAL_FORMS": 1,
        "form-INITIAL_FORMS": 1,
        "form-MIN_NUM_FORMS": 0,
        "form-MAX_NUM_FORMS": 1000,
        "form-0-id": decision.pk,
        "form-0-status": "done",
        "_save": "Opslaan",
    }
    with time_machine.travel(datetime.datetime(2022, 6, 1, 12), tick=False):
        response = regisseur_client.post(reverse("admin:meetings_decision_changelist"), data)
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == "done" and decision.done_on == TODAY


def test_decisions_are_added_on_the_meeting_not_in_the_changelist(regisseur_client, demo_data):
    assert regisseur_client.get(reverse("admin:meetings_decision_add")).status_code == 403


def test_a_due_date_needs_someone_to_follow_it_up(committee):
    meeting = Meeting.objects.get(body=committee, date=datetime.date(2022, 2, 8))
    with pytest.raises(ValidationError, match="Wie volgt dit op"):
        decide(meeting, "Bezorgen", due=datetime.date(2022, 3, 1))


DECISIONS = reverse("meetings:decisions")


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode()[1:]), delimiter=";"))


def test_the_decisions_list_shows_what_is_to_follow_up_in_the_readers_bodies(
    beheerscomite_client, committee_member, committee, owner
):
    february = Meeting.objects.get(body=committee, date=datetime.date(2022, 2, 8))
    steering = Meeting.objects.get(body__name="Stuurgroep ILV", date=datetime.date(2022, 2, 2))
    decide(february, "Jaarverslag bezorgen", owner=owner, due=datetime.date(2022, 3, 1))
    decide(february, "Begroting voorleggen", owner=owner, position=2)
    done = decide(february, "Locatie zoeken", owner=owner, position=3)
    decisions_mark_done(decisions=Decision.objects.filter(pk=done.pk), on=TODAY)
    decide(february, "Kennisgenomen", position=4)  # nobody follows it up
    decide(steering, "Van de stuurgroep", owner=owner)

    html = beheerscomite_client.get(DECISIONS).content.decode()
    assert "2 beslissingen" in html
    assert "Jaarverslag bezorgen" in html and "te laat" in html
    assert "Begroting voorleggen" in html
    assert "Locatie zoeken" not in html and "Kennisgenomen" not in html
    assert "Van de stuurgroep" not in html  # another body's
    late = beheerscomite_client.get(DECISIONS, {"te_laat": "on"}).content.decode()
    assert "Jaarverslag bezorgen" in late and "Begroting voorleggen" not in late
    finished = beheerscomite_client.get(DECISIONS, {"status": "afgehandeld"}).content.decode()
    assert "Locatie zoeken" in finished and "Jaarverslag bezorgen" not in finished

    rows = read_csv(beheerscomite_client.get(reverse("meetings:decisions_csv")))
    assert rows[0] == ["Filters", "Status: Op te volgen"]
    assert [row[2] for row in rows[3:]] == ["Jaarverslag bezorgen", "Begroting voorleggen"]
    assert "Van de stuurgroep" not in str(rows)


def test_the_decisions_list_is_paginated_with_constant_queries(
    beheerscomite_client, committee_member, committee, owner, django_assert_max_num_queries
):
    february = Meeting.objects.get(body=committee, date=datetime.date(2022, 2, 8))
    decide(february, "Eerste", owner=owner)
    with django_assert_max_num_queries(8) as first:
        beheerscomite_client.get(DECISIONS)
    for i in range(60):
        decide(february, f"Beslissing {i:02}", owner=owner, position=i + 2)
    with django_assert_max_num_queries(len(first.captured_queries)):
        html = beheerscomite_client.get(DECISIONS).content.decode()
    assert "61 beslissingen" in html and "Pagina 1 van 2" in html
    assert "?status=te-volgen&amp;pagina=2" not in html  # the default is not repeated
    assert "?pagina=2" in html


def test_a_meeting_goes_with_its_agenda_and_decisions_but_an_item_with_a_decision_stays(
    committee, owner
):
    meeting = Meeting.objects.create(body=committee, date=datetime.date(2022, 12, 14))
    decision = decide(meeting, "Opvolgen", owner=owner)
    with pytest.raises(RestrictedError):
        decision.agenda_item.delete()
    meeting.delete()
    assert not Decision.objects.filter(pk=decision.pk).exists()
