"""The overview after login: the region, its municipalities and the labour-market key figures."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actors.models import Body, LabourMarketFigure, Municipality, Organisation, Person, Region
from contingents.models import Allocation, Measure, Occupancy
from meetings.models import AgendaItem, Decision, Meeting
from reports.models import Action, ActionDomain

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def test_overview_shows_the_2021_key_figures_in_belgian_notation(stuurgroep_client, demo_data):
    html = stuurgroep_client.get(HOME).content.decode()
    assert "<h1>ILV regie sociale economie Rivierenland</h1>" in html
    assert "10 lokale besturen, met Mechelen als beherende gemeente" in html
    assert "312.533 inwoners in januari 2021 (bron: VDAB, Dashboard lokale besturen)" in html
    assert "Januari 2021" in html and "Januari 2020" in html
    assert "6,6\u00a0%" in html  # werkzoekendegraad
    assert "9.788" in html and "6.045" in html
    assert "3.508" in html  # Mechelen
    assert "Bron: VDAB, Arvastat" in html
    assert "12025" in html


def test_missing_and_withheld_figures_are_not_shown_as_zero(stuurgroep_client, demo_data):
    lier = Municipality.objects.get(name="Lier")
    LabourMarketFigure.objects.filter(municipality=lier).update(value=None, is_withheld=True)
    page = stuurgroep_client.get(HOME).content.decode()
    html = page[page.index('id="kerncijfers"') : page.index('id="contingenten"')]
    assert "afgeschermd" in html
    # January 2020 is not in the data: a dash, never 0.
    assert html.count('<td class="num">–</td>') >= 10
    assert '<td class="num">0</td>' not in html


def test_year_on_year_change_is_computed_where_both_years_are_known(stuurgroep_client, demo_data):
    mechelen = Municipality.objects.get(name="Mechelen")
    LabourMarketFigure.objects.create(
        municipality=mechelen,
        indicator="jobseekers",
        reference_month=datetime.date(2022, 1, 1),
        value=Decimal(3157),
    )
    html = stuurgroep_client.get(HOME).content.decode()
    assert "Januari 2022" in html
    assert "\u221210,0\u00a0%" in html  # (3157 - 3508) / 3508


def test_overview_without_a_home_region_explains_what_to_do(regisseur_client):
    html = regisseur_client.get(HOME).content.decode()
    assert "Er is nog geen eigen regio ingesteld" in html
    assert reverse("admin:actors_region_changelist") in html


def test_user_input_is_escaped(stuurgroep_client, demo_data):
    Region.objects.filter(is_home=True).update(name="<script>alert(1)</script>")
    html = stuurgroep_client.get(HOME).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_overview_query_count_does_not_grow_with_the_data(client, steering_member, demo_data):
    # session, user, the user's and the groups' permissions (with the seats), home region,
    # member count; key figures: latest month, two months, 24 months of trends; municipalities:
    # latest month, members, figures; contingents: measures, the home region's organisations,
    # the latest date of each of the five measures, allocations, occupancy;
    # plan, its progress, the compliance warnings (members, domains, actions, their
    # municipalities), the meeting minimums; what comes next; open decisions: the first ten,
    # their count, the overdue ones; and first the data version under which the region's part
    # (all but what comes next and the decisions) is kept
    client.force_login(steering_member)
    stuurgroep_client = client
    before = queries_of(stuurgroep_client, HOME)
    assert before <= 33
    # The same data again: the region's part as computed, found by its data version.
    assert queries_of(stuurgroep_client, HOME) <= 12
    region = Region.objects.home()
    measure = Measure.objects.get(code="lde")
    domain = ActionDomain.objects.filter(plan__year=2022).first()
    for i in range(90):
        municipality = Municipality.objects.create(name=f"Gemeente {i}", nis_code=f"{20000 + i}")
        region.municipalities.add(municipality)
        organisation = Organisation.objects.create(name=f"Onderneming {i}")
        Allocation.objects.create(
            organisation=organisation,
            measure=measure,
            valid_from=datetime.date(2021, 10, 1),
            fte=Decimal(2),
        )
        action = Action.objects.create(domain=domain, text=f"Actie {i}")
        action.municipalities.add(municipality)
        for month in range(1, 13):
            LabourMarketFigure.objects.create(
                municipality=municipality,
                indicator="jobseekers",
                reference_month=datetime.date(2021, month, 1),
                value=Decimal(100 + i),
            )
    for month in range(2, 13):
        LabourMarketFigure.objects.create(
            region=region,
            indicator="jobseekers",
            reference_month=datetime.date(2021, month, 1),
            value=Decimal(9000 + month),
        )
    stuurgroep = Body.objects.get(name="Stuurgroep ILV")
    host = Organisation.objects.get(name="Ecoso")
    for i in range(30):
        # At a host: the meeting's title names it, read along with the decision.
        meeting = Meeting.objects.create(body=stuurgroep, date=datetime.date.today(), host=host)
        item = AgendaItem.objects.create(meeting=meeting, title=f"Punt {i}")
        Decision.objects.create(
            meeting=meeting,
            agenda_item=item,
            text=f"Beslissing {i}",
            follow_up_owner=Person.objects.first(),
            due_date=datetime.date(2021, 1, 1),
        )
    assert queries_of(stuurgroep_client, HOME) == before  # changed data: computed again
    html = stuurgroep_client.get(HOME).content.decode()
    assert "Gemeente 89" in html and "30 openstaande beslissingen" in html
    # Five overdue decisions by name, the others counted, with a link to the list.
    assert html.count("is verstreken (01/01/2021)") == 5
    assert "Nog 25 beslissingen over hun termijn." in html


def add_region_month(region, month: datetime.date, value) -> None:
    LabourMarketFigure.objects.create(
        region=region, indicator="jobseekers", reference_month=month, value=Decimal(value)
    )


def test_the_trend_draws_the_last_24_months_and_says_them_in_words(stuurgroep_client, demo_data):
    region = Region.objects.home()
    LabourMarketFigure.objects.filter(region=region).delete()
    months = [datetime.date(2021 + (m // 12), m % 12 + 1, 1) for m in range(30)]
    for i, month in enumerate(months):
        if month != datetime.date(2022, 3, 1):  # a month the source does not have
            add_region_month(region, month, 10000 - 100 * i)
    html = stuurgroep_client.get(HOME).content.decode()
    start = html.index('id="regio-jobseekers-title"')
    trend = html[start : html.index("</svg>", start)]
    # 24 months up to June 2023; the missing month breaks the line in two.
    assert "<title" not in trend and "Werkzoekenden zonder werk, ILV" in trend
    path = trend[trend.index(' d="') :].split('"')[1]
    assert path.count("M") == 2 and path.count("L") == 21
    assert (
        "Van 9.400 in 07/2021 naar 7.100 in 06/2023; laagste 7.100 (06/2023), hoogste 9.400 "
        "(07/2021). 23 van de 24 maanden gekend." in html
    )
    # The table behind the chart, and the change against a year earlier.
    assert '<th scope="row">02/2022</th>' in html and '<th scope="row">03/2022</th>' not in html
    assert "\u221214,5\u00a0%" in html  # 7100 against 8300 in June 2022


def test_one_month_is_said_as_such(stuurgroep_client, demo_data):
    html = stuurgroep_client.get(HOME).content.decode()
    assert "Enkel 01/2021 is gekend: 9.788." in html


def test_the_contingent_per_measure_at_its_latest_date_with_what_is_filled(
    stuurgroep_client, demo_data
):
    Occupancy.objects.create(
        organisation=Organisation.objects.get(name="Mivas"),
        measure=Measure.objects.get(code="collectief-maatwerk"),
        quarter=datetime.date(2021, 7, 1),
        fte_filled=Decimal("30.5"),
    )
    page = stuurgroep_client.get(HOME).content.decode()
    html = page[page.index('id="contingenten"') : page.index('id="actieplan"')]
    assert "370,55" in html and "3.015,35" in html and "259,00" in html  # Tabel 4, 5, 6
    assert '30,50 <span class="muted">(van 1 van de 11 gekend)</span>' in html
    assert "erkenning zonder VTE" in html  # AMA welzijn


def test_an_organisation_at_0_fte_no_longer_counts_for_the_measure(stuurgroep_client, demo_data):
    lde = Measure.objects.get(code="lde")
    Allocation.objects.update_or_create(
        organisation=Organisation.objects.get(name="Emmaüs"),
        measure=lde,
        valid_from=datetime.date(2021, 10, 1),
        defaults={"fte": Decimal(0)},
    )
    page = stuurgroep_client.get(HOME).content.decode()
    html = page[page.index('id="contingenten"') : page.index('id="actieplan"')]
    row = html[html.index("Lokale diensteneconomie") : html.index("Collectief maatwerk")]
    assert '<td class="num">11</td>' in row  # 12 in Tabel 4, one of them now at 0


def test_the_action_plan_progress_per_domain(stuurgroep_client, demo_data):
    action = Action.objects.specific().filter(domain__plan__year=2022).first()
    action.status = Action.Status.DONE
    action.save()
    html = stuurgroep_client.get(HOME).content.decode()
    assert "Jaaractieplan 2022: voortgang per actiedomein" in html
    assert "1 van 7 afgerond (14\u00a0%)" in html or "1 van 7 afgerond (14 %)" in html


def test_warnings_name_what_needs_attention(stuurgroep_client, demo_data):
    putte = Municipality.objects.get(name="Putte")
    for action in Action.objects.filter(domain__plan__year=2022, whole_region=True):
        action.whole_region = False
        action.save()
        action.municipalities.set(Municipality.objects.exclude(pk=putte.pk))
    html = stuurgroep_client.get(HOME).content.decode()
    warnings = html[html.index('id="aandacht"') : html.index('id="kerncijfers"')]
    assert "Putte neemt in 2022 aan geen enkele actie deel in de actiedomeinen “" in warnings
    assert reverse("municipalities:detail", args=["12029"]) in warnings
    assert "Stuurgroep ILV: 0 vergaderingen gehouden of gepland in" in warnings
    assert "Lokale diensteneconomie is in afbouw; de opvolger is Individueel maatwerk." in warnings
    assert (
        "Lokale diensteneconomie: in uitdoof op 01/10/2021 bij Zorgbedrijf Rivierenland."
        in warnings
    )


def open_decision(body_name: str, text: str, *, due=None, days_from_now=-30) -> Decision:
    meeting = Meeting.objects.create(
        body=Body.objects.get(name=body_name),
        date=datetime.date.today() + datetime.timedelta(days=days_from_now),
    )
    item = AgendaItem.objects.create(meeting=meeting, title="Opvolging")
    return Decision.objects.create(
        meeting=meeting,
        agenda_item=item,
        text=text,
        follow_up_owner=Person.objects.get(name="Guido Vangoidsenhoven"),
        due_date=due,
    )


def test_what_comes_next_links_only_the_meetings_the_reader_may_open(
    client, steering_member, demo_data
):
    soon = datetime.date.today() + datetime.timedelta(days=10)
    ours = Meeting.objects.create(body=Body.objects.get(name="Stuurgroep ILV"), date=soon)
    theirs = Meeting.objects.create(body=Body.objects.get(name="Beheerscomité ILV"), date=soon)
    Meeting.objects.create(title="Geannuleerd bezoek", date=soon, cancelled=True)
    Meeting.objects.create(title="Nog geheim", date=soon, is_published=False)
    client.force_login(steering_member)
    html = client.get(HOME).content.decode()
    agenda = html[html.index('id="agenda"') : html.index('id="beslissingen"')]
    assert f'href="{ours.get_absolute_url()}">Stuurgroep ILV</a>' in agenda
    assert "Beheerscomité ILV" in agenda and theirs.get_absolute_url() not in agenda
    assert "Geannuleerd bezoek" not in agenda and "Nog geheim" not in agenda


def test_open_decisions_of_the_readers_bodies_stand_out_until_done(
    client, steering_member, demo_data
):
    late = open_decision(
        "Stuurgroep ILV", "Omgevingsanalyse bezorgen", due=datetime.date(2021, 3, 1)
    )
    open_decision("Stuurgroep ILV", "Werkgroep samenstellen")
    open_decision("Beheerscomité ILV", "Begroting 2022 voorleggen", due=datetime.date(2021, 3, 1))
    client.force_login(steering_member)
    html = client.get(HOME).content.decode()
    decisions = html[html.index('id="beslissingen"') : html.index('id="kerncijfers"')]
    assert "2 openstaande beslissingen" in decisions
    assert "Omgevingsanalyse bezorgen" in decisions and "te laat" in decisions
    assert "Begroting 2022" not in html  # the beheerscomité's, which this reader does not read
    warnings = html[html.index('id="aandacht"') : html.index('id="agenda"')]
    assert "Stuurgroep ILV" in warnings
    assert "is verstreken (01/03/2021): Omgevingsanalyse bezorgen" in warnings
    assert late.meeting.get_absolute_url() in warnings
    late.status = Decision.Status.DONE
    late.done_on = datetime.date.today()
    late.save()
    html = client.get(HOME).content.decode()
    assert "Omgevingsanalyse bezorgen" not in html and "1 openstaande beslissing" in html


def test_a_later_population_count_alone_does_not_move_the_key_figures_month(
    stuurgroep_client, demo_data
):
    LabourMarketFigure.objects.create(
        region=Region.objects.home(),
        indicator="population",
        reference_month=datetime.date(2022, 1, 1),
        value=Decimal(313000),
    )
    html = stuurgroep_client.get(HOME).content.decode()
    key_figures = html[html.index('id="kerncijfers"') : html.index('id="gemeenten"')]
    assert "Januari 2021" in key_figures and "Januari 2022" not in key_figures
    assert "9.788" in key_figures
