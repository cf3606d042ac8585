"""/vergaderingen/: the year calendar of Annex 3, minimums per body, Tabel 8 and 9."""

import csv
import datetime
import io
import re

import pytest
import time_machine
from django.urls import reverse

from actors.models import Body
from meetings.models import Meeting

pytestmark = pytest.mark.django_db

CALENDAR = reverse("meetings:calendar")


def rows(html):
    """(date cell, title) of each calendar row, in page order, linked or not."""
    found = re.findall(
        r'<td class="date">(.*?)</td>\s*<th scope="row">'
        r'(?:<a href="[^"]+">)?(.*?)(?:</a>|</th>| <span)',
        html,
        re.S,
    )
    return [(re.sub(r"<[^>]+>", "", date).strip(), title) for date, title in found]


def test_2022_calendar_is_annex_3_row_by_row(stuurgroep_client, demo_data):
    html = stuurgroep_client.get(CALENDAR, {"jaar": 2022}).content.decode()
    assert rows(html) == [
        ("02/02", "Stuurgroep ILV"),
        ("08/02", "Beheerscomité ILV bij Maatwerkbedrijf Webo"),
        ("24/02", "Ontbijtsessie werkgevers stad Lier"),
        ("25/02", "Werkgroep Sociale Economie stad Lier"),
        ("09/03", "Stuurgroep ILV"),
        ("10/03", "Regionaal Ervaringsnetwerk Rivierenland: plenaire sessie"),
        ("20/04", "Inspiratiebezoek Loods 409"),
        ("Tb.", "Werkgroep Sociale Economie stad Lier"),
        ("Tb.", "Regionaal overleg sociale economie"),
        ("04/06", "Bedank-event werkgevers stad Mechelen"),
        ("08/06", "Stuurgroep ILV"),
        ("Tb.", "Regionaal Ervaringsnetwerk Rivierenland: Bezoek Hof van Coolhem"),
        ("Tb.", "Werkgroep Sociale Economie stad Lier"),
        ("07/09", "Stuurgroep ILV"),
        ("Tb.", "Info- en netwerkevent solidaire financierders"),
        ("Tb.", "Werkgroep Sociale Economie stad Lier"),
        ("12/10", "Beheerscomité ILV"),
        ("Tb.", "Regionaal Ervaringsnetwerk Rivierenland: plenaire sessie"),
        ("Tb.", "Werkgroep Sociale Economie stad Lier"),
        ("07/12", "Stuurgroep ILV"),
    ]
    months = re.findall(r'<h3 class="month">(.*?)</h3>', html)
    assert months == [
        "Februari 2022",
        "Maart 2022",
        "April 2022",
        "Mei 2022",
        "Juni 2022",
        "September 2022",
        "Oktober 2022",
        "November 2022",
        "December 2022",
    ]


def test_2021_counts_as_in_the_report_and_lists_tabel_8_and_9(stuurgroep_client, demo_data):
    html = stuurgroep_client.get(CALENDAR, {"jaar": 2021}).content.decode()
    counts = dict(re.findall(r'<th scope="row">([^<]+)</th>\s*<td class="num">(\d+)</td>', html))
    assert counts["Beheerscomité ILV"] == "2"
    assert counts["Stuurgroep ILV"] == "4"
    assert counts["Regionaal Ervaringsnetwerk Rivierenland"] == "3"
    assert html.count("<li>Werkgroep Sociale Economie stad Lier</li>") == 5
    assert "Datum onbekend" in html
    assert "Stuurgroep Moef! Mechelen-Bodukap" in html and "Arktos vzw" in html
    assert "Lerend netwerk regie sociale economie" in html
    assert "Sylvia Mazzaresse" in html and "Projecten rond promotie van tewerkstelling" in html
    assert "Voor 2021: Regie stad Antwerpen, Nu: stafmedewerker lokaal sociaal beleid VVSG" in html


def minimum_rows(html):
    """{body: (held or planned, minimum)} from the table of minimums."""
    rows = re.findall(
        r'<th scope="row">([^<]+)</th>\s*<td class="num">(\d+)</td>\s*<td class="num">(\d+)</td>',
        html,
    )
    return {body: (int(count), int(minimum)) for body, count, minimum in rows}


def test_bodies_are_checked_only_from_the_year_they_start(stuurgroep_client, demo_data):
    html = stuurgroep_client.get(CALENDAR, {"jaar": 2020}).content.decode()
    # The stuurgroep, beheerscomité and ervaringsnetwerk first met in 2021; the Lier werkgroep
    # started in December 2020, so that year owes no meeting.
    assert minimum_rows(html) == {"Werkgroep Sociale Economie stad Lier": (0, 0)}
    assert "te weinig" not in html
    assert "Geen orgaan moest in 2019 een minimum aantal keer vergaderen." in (
        stuurgroep_client.get(CALENDAR, {"jaar": 2019}).content.decode()
    )


def test_a_body_started_mid_year_owes_the_months_left():
    body = Body(min_meetings_per_year=4, started_on=datetime.date(2021, 7, 15))
    assert [body.minimum_in(y) for y in (2020, 2021, 2022)] == [None, 2, 4]
    # The beheerscomité first met in October 2021: a quarter of two meetings rounds to one.
    assert (
        Body(min_meetings_per_year=2, started_on=datetime.date(2021, 10, 6)).minimum_in(2021) == 1
    )
    assert (
        Body(min_meetings_per_year=4, started_on=datetime.date(2020, 12, 1)).minimum_in(2020) == 0
    )
    assert Body(min_meetings_per_year=2).minimum_in(1999) == 2


def test_2022_counts_meetings_of_a_body_not_its_visits(stuurgroep_client, demo_data):
    rows = minimum_rows(stuurgroep_client.get(CALENDAR, {"jaar": 2022}).content.decode())
    # Two plenary sessions; the visit to Hof van Coolhem is a calendar row, not a meeting.
    assert rows["Regionaal Ervaringsnetwerk Rivierenland"] == (2, 2)
    # The Lier werkoverleg meets quarterly.
    assert rows["Werkgroep Sociale Economie stad Lier"] == (5, 4)
    assert rows["Stuurgroep ILV"] == (5, 4)
    assert rows["Beheerscomité ILV"] == (2, 2)


def test_a_body_below_its_minimum_is_flagged_and_cancelled_meetings_do_not_count(
    stuurgroep_client, demo_data
):
    Meeting.objects.filter(body__name="Beheerscomité ILV", date__year=2022, date__month=10).update(
        cancelled=True
    )
    html = stuurgroep_client.get(CALENDAR, {"jaar": 2022}).content.decode()
    assert "te weinig: nog 1 vergadering te plannen" in html
    assert '<tr class="cancelled">' in html and "geannuleerd" in html


def test_filter_by_body(stuurgroep_client, demo_data):
    steering = Body.objects.get(name="Stuurgroep ILV")
    html = stuurgroep_client.get(CALENDAR, {"jaar": 2022, "orgaan": steering.pk}).content.decode()
    assert [title for _date, title in rows(html)] == ["Stuurgroep ILV"] * 5
    assert reverse("meetings:body_feed", args=[steering.pk]) in html


def test_an_unknown_body_gets_a_dutch_message(stuurgroep_client, demo_data):
    html = stuurgroep_client.get(CALENDAR, {"jaar": 2022, "orgaan": 9999}).content.decode()
    assert "Selecteer een geldige keuze" in html


@pytest.mark.parametrize(
    "today, year", [(datetime.date(2022, 5, 1), 2022), (datetime.date(2026, 11, 25), 2022)]
)
def test_the_calendar_opens_on_this_year_or_the_latest_year_with_meetings(
    stuurgroep_client, demo_data, today, year
):
    with time_machine.travel(datetime.datetime.combine(today, datetime.time(12)), tick=False):
        html = stuurgroep_client.get(CALENDAR).content.decode()
    assert f"<h1>Jaarkalender {year}</h1>" in html


def test_calendar_query_count_does_not_grow_with_the_meetings(
    stuurgroep_client, steering_member, django_assert_num_queries
):
    # session, user, permissions (user, group), home region, years, meetings, minimums,
    # consultations, contacts, bodies for the filter
    with django_assert_num_queries(11):
        stuurgroep_client.get(CALENDAR, {"jaar": 2022})
    body = Body.objects.get(name="Stuurgroep ILV")
    Meeting.objects.bulk_create(
        Meeting(body=body, date=datetime.date(2022, 1 + i % 12, 1 + i % 28)) for i in range(300)
    )
    with django_assert_num_queries(11):
        response = stuurgroep_client.get(CALENDAR, {"jaar": 2022})
    assert response.content.decode().count("Stuurgroep ILV</a>") == 305


def test_calendar_needs_a_role(client, django_user_model, demo_data):
    assert client.get(CALENDAR).status_code == 302
    client.force_login(django_user_model.objects.create_user("zonderrol"))
    assert client.get(CALENDAR).status_code == 403


def test_the_calendar_downloads_as_a_csv_naming_its_year_and_filter(stuurgroep_client, demo_data):
    body = Body.objects.get(name="Stuurgroep ILV")
    response = stuurgroep_client.get(
        reverse("meetings:calendar_csv"), {"jaar": 2022, "orgaan": body.pk}
    )
    assert 'filename="kalender-2022.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode()[1:]), delimiter=";"))
    assert rows[0] == ["Filters", "Jaar: 2022", "Orgaan: Stuurgroep ILV"]
    assert rows[2][:4] == ["Datum", "Begin", "Einde", "Vergadering of moment"]
    entries = rows[3:]
    assert entries and all(row[4] == "Stuurgroep ILV" for row in entries)
    assert len(entries) == body.meetings.filter(date__year=2022).count()


def test_an_entry_held_back_from_the_public_is_in_the_regisseurs_calendar_only(
    client, stuurgroep, regisseur, demo_data
):
    Meeting.objects.create(
        title="Nog niet bekend", date=datetime.date(2022, 5, 3), is_published=False
    )
    url = reverse("meetings:calendar") + "?jaar=2022"
    csv_url = reverse("meetings:calendar_csv") + "?jaar=2022"
    client.force_login(stuurgroep)
    assert "Nog niet bekend" not in client.get(url).content.decode()
    assert "Nog niet bekend" not in client.get(csv_url).content.decode()
    client.force_login(regisseur)
    assert "Nog niet bekend" in client.get(url).content.decode()
