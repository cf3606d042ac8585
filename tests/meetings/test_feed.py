"""The public iCalendar feeds, parsed back with the icalendar package."""

import datetime

import icalendar
import pytest
from django.urls import reverse

from actors.models import Body
from meetings.models import Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _early_2022(time_machine):
    """The seed's meetings in the feed's window (it reaches a year back from today), and a day
    after the demo rows were last written."""
    time_machine.move_to(datetime.datetime(2022, 6, 1, 12, 0))


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def e_start(event) -> datetime.datetime:
    return event.decoded("dtstart").replace(tzinfo=None)


def events(calendar):
    return list(calendar.walk("VEVENT"))


def test_feed_is_public_valid_and_leaves_out_meetings_without_a_day(client, demo_data):
    calendar = parse(client.get(reverse("meetings:feed")))
    fixed = Meeting.objects.filter(date_precision=Meeting.Precision.DAY).count()
    # 12 in Annex 3 and 06/10/2021; 28/01/2021 and the Netwerkdag of 2020 are over a year ago
    assert fixed == 15 and len(events(calendar)) == 13
    summaries = [str(e["summary"]) for e in events(calendar)]
    assert "Beheerscomité ILV bij Maatwerkbedrijf Webo" in summaries
    assert "Info- en netwerkevent solidaire financierders" not in summaries  # Tb.
    assert str(calendar["version"]) == "2.0" and calendar["prodid"]


def test_uids_are_stable_and_dates_whole_days_or_brussels_time(client, demo_data):
    meeting = Meeting.objects.get(date=datetime.date(2022, 2, 2))
    meeting.start_time, meeting.end_time = datetime.time(14, 0), datetime.time(16, 30)
    meeting.place = "Stadhuis Mechelen"
    meeting.save()
    first = events(parse(client.get(reverse("meetings:feed"))))
    second = events(parse(client.get(reverse("meetings:feed"))))
    assert [str(e["uid"]) for e in first] == [str(e["uid"]) for e in second]
    assert len({str(e["uid"]) for e in first}) == len(first)
    timed = next(e for e in first if str(e["uid"]) == f"vergadering-{meeting.pk}@testserver")
    assert e_start(timed) == datetime.datetime(2022, 2, 2, 14, 0)
    assert timed["dtstart"].params["TZID"] == "Europe/Brussels"
    assert timed.decoded("dtend").hour == 16 and timed.decoded("dtend").minute == 30
    assert str(timed["location"]) == "Stadhuis Mechelen"
    whole_day = next(e for e in first if e.decoded("dtstart") == datetime.date(2022, 12, 7))
    assert whole_day.decoded("dtend") == datetime.date(2022, 12, 8)
    assert "dtstamp" in whole_day


def test_feed_carries_its_timezone_definition(client, demo_data):
    meeting = Meeting.objects.get(date=datetime.date(2022, 2, 2))
    meeting.start_time = datetime.time(14, 0)
    meeting.save()
    calendar = parse(client.get(reverse("meetings:feed")))
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"]


def test_body_feed_and_cancelled_meetings(client, demo_data):
    committee = Body.objects.get(name="Beheerscomité ILV")
    Meeting.objects.filter(body=committee, date=datetime.date(2022, 10, 12)).update(cancelled=True)
    found = events(parse(client.get(reverse("meetings:body_feed", args=[committee.pk]))))
    assert len(found) == 3  # 06/10/2021, 08/02/2022, 12/10/2022
    cancelled = next(e for e in found if e.decoded("dtstart") == datetime.date(2022, 10, 12))
    assert str(cancelled["status"]) == "CANCELLED"
    assert client.get(reverse("meetings:body_feed", args=[99999])).status_code == 404


def test_feed_never_contains_minutes(client, demo_data):
    meeting = Meeting.objects.get(date=datetime.date(2022, 2, 8))
    meeting.minutes = "Vertrouwelijke bespreking"
    meeting.save()
    assert b"Vertrouwelijke" not in client.get(reverse("meetings:feed")).content


def test_the_feed_reaches_a_year_back_and_never_reads_the_minutes(
    client, demo_data, time_machine, django_assert_max_num_queries
):
    time_machine.move_to(datetime.datetime(2022, 11, 1, 12, 0))
    with django_assert_max_num_queries(4) as context:
        calendar = parse(client.get(reverse("meetings:feed")))
    starts = [e.decoded("dtstart") for e in events(calendar)]
    starts = [s.date() if isinstance(s, datetime.datetime) else s for s in starts]
    assert min(starts) >= datetime.date(2021, 10, 31)
    assert datetime.date(2021, 1, 28) not in starts  # the first stuurgroep, too long ago
    assert datetime.date(2022, 12, 7) in starts
    assert not any("minutes" in q["sql"] for q in context.captured_queries)


def test_a_calendar_app_asking_again_hears_304_until_something_changes(client, demo_data):
    url = reverse("meetings:feed")
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    assert client.get(url, headers={"if-modified-since": modified}).status_code == 304
    meeting = Meeting.objects.get(date=datetime.date(2022, 2, 2))
    meeting.place = "Stadhuis Lier"
    meeting.save()
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200 and b"Stadhuis Lier" in changed.content
    # A meeting removed moves the tag too, though no remaining meeting changed.
    etag = changed["ETag"]
    Meeting.objects.filter(date=datetime.date(2022, 12, 7)).delete()
    assert client.get(url, headers={"if-none-match": etag}).status_code == 200


def test_the_feed_is_written_once_per_tag(client, demo_data, django_assert_num_queries):
    url = reverse("meetings:feed")
    first = client.get(url)
    with django_assert_num_queries(1):  # the tag; the feed as written for it
        again = client.get(url)
    assert again.content == first.content
    meeting = Meeting.objects.get(date=datetime.date(2022, 2, 2))
    meeting.place = "Stadhuis Lier"
    meeting.save()
    assert b"Stadhuis Lier" in client.get(url).content
