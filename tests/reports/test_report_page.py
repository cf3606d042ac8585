"""/rapporten/: the years with their status, and the whole document of a year as one page."""

import datetime
import re

import pytest
from django.urls import reverse

from reports.models import Action, ActionDomain, AnnualReport, ReportSection, SupportedProject
from tests.reports.conftest import make_action

pytestmark = pytest.mark.django_db

PAGE = reverse("reports:report", args=[2021])


def text(html: str) -> str:
    """The page's visible text with whitespace collapsed, to find sentences across tags."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_list_shows_each_year_with_its_status(beheerscomite_client, demo_data):
    html = beheerscomite_client.get(reverse("reports:list")).content.decode()
    assert "Jaarverslag 2021 – Jaaractieplan 2022" in html
    assert "ontwerp" in html
    assert reverse("reports:report", args=[2021]) in html
    assert reverse("reports:pdf", args=[2021]) in html


def test_the_document_follows_the_table_of_contents_of_the_seed(beheerscomite_client, demo_data):
    html = beheerscomite_client.get(PAGE).content.decode()
    start = html.index('class="toc"')
    toc = html[start : html.index("</nav>", start)]
    entries = [text(e).strip() for e in re.findall(r"<a [^>]*>(.*?)</a>", toc)]
    assert entries == [
        "Voorwoord",
        "Inleidend",
        "1 Jaarverslag 2021",
        "1.1 De regionale arbeidsmarkt in 2021",
        "1.2 De lokale sociale economie verder uitbouwen",
        "1.3 Netwerking op het grondgebied stimuleren",
        "1.4 Maatschappelijk verantwoord ondernemen bevorderen",
        "1.5 Engagementen van de gemeenten en de organen in 2021",
        "2 Actieplan 2022",
        "2.1 De lokale sociale economie verder uitbouwen",
        "2.2 Netwerking op het grondgebied stimuleren",
        "2.3 Maatschappelijk verantwoord ondernemen bevorderen",
        "Annex",
        "Annex 1. Beheerscomité en stuurgroep ILV regie sociale economie Rivierenland",
        "Annex 2. Overzicht acties 2022",
        "Annex 3. Jaarkalender 2022",
    ]


def test_tables_are_numbered_as_in_the_seed_and_tabel_1_keeps_its_number(
    beheerscomite_client, demo_data
):
    page = text(beheerscomite_client.get(PAGE).content.decode())
    captions = re.findall(r"(Tabel \d+) (\S+ \S+ \S+)", page)
    numbered = {}
    for label, words in captions:
        numbered.setdefault(label, words)
    assert numbered["Tabel 1"].startswith("Verlanglijsten sociale economie")
    assert numbered["Tabel 2"].startswith("Uitdagingen en werkpunten")
    assert numbered["Tabel 3"].startswith("Aantal maatwerkbedrijven en")
    assert numbered["Tabel 4"] == "Overzicht contingent LDE"
    assert numbered["Tabel 5"] == "Overzicht contingent Collectief"
    assert numbered["Tabel 6"] == "Overzicht contingent AMA"
    assert numbered["Tabel 7"] == "Overzicht contingent AMA"
    assert numbered["Tabel 8"].startswith("Overzicht deelname ILV")
    assert numbered["Tabel 9"].startswith("Overzicht bilaterale contacten")
    assert numbered["Tabel 10"].startswith("Acties per gemeente")
    assert numbered["Tabel 11"].startswith("Vergaderingen per orgaan")
    assert "Tabel 12" not in numbered  # Tabel 1, shown again in the action plan, keeps its number
    assert page.count("Tabel 1 Verlanglijsten sociale economie") == 2
    assert "Figuur 1 Toegekende VTE per maatregel op 31/12/2021" in page


def test_every_figure_comes_from_the_data_in_belgian_notation(beheerscomite_client, demo_data):
    page = text(beheerscomite_client.get(PAGE).content.decode())
    # Labour market: the sentence and the tables of the seed.
    assert "In januari 2021 telde het grondgebied van de ILV regie sociale economie" in page
    assert "312.533" in page and "9.788" in page and "6,6 %" in page
    for count in ["334", "507", "466", "1.006", "1.327", "3.508", "416", "493", "1.095", "636"]:
        assert f" {count} " in page
    # Tabel 3 with computed shares, Tabel 4 with both dates and totals, Tabel 5 and 6.
    assert "12,197" in page and "6,1 %" in page and "4,2 %" in page
    assert "VTE toegekend vanaf 01/04/2021" in page and "VTE toegekend vanaf 01/10/2021" in page
    assert "362,40" in page and "370,55" in page and "94,15" in page and "(in uitdoof)" in page
    assert "1.314,00" in page and "3.015,35" in page  # Entiris; the CM total
    assert "104,00" in page and "259,00" in page  # Spoor 2; the AMA WSE total
    # The LDE call from its applications.
    assert "Herverdelingsoproep LDE augustus 2021" in page and "100,00 VTE LDE te verdelen" in page
    assert "Ondersteuning van de onthardingsploeg." in page
    # Tabel 8, 9 and the meetings per body.
    assert "Stuurgroep Moef! Mechelen-Bodukap" in page and "Kirsten Dewaelheyns" in page


def test_no_figure_the_data_holds_is_typed_into_the_prose(demo_data):
    prose = " ".join(
        [s.body + " " + s.caption for s in ReportSection.objects.all()]
        + [d.intro + " " + d.daily_work_intro for d in ActionDomain.objects.all()]
        + [a.text + " " + a.evaluation for a in Action.objects.all()]
    )
    for figure in [
        "312.533",
        "9.788",
        "6.1%",
        "6,1",
        "derde grootste",
        "100 VTE",
        "2 VTE",
        "10 lokale",
    ]:
        assert figure not in prose, figure
    for count in ["2x", "4x", "3x", "vijf maal"]:
        assert count not in prose, count


def test_the_plan_annex_2_and_annex_3_come_from_the_plan_and_the_calendar(
    beheerscomite_client, demo_data
):
    page = text(beheerscomite_client.get(PAGE).content.decode())
    assert "In 2022 willen we graag:" in page
    assert "Een digitale brochure met het aanbod van de lokale sociale economie ontwikkelen" in page
    assert "Actiedomein “netwerking stimuleren”" in page
    annex_3 = page[page.index("Annex 3. Jaarkalender 2022 Update: 25/03/2022") :]
    assert "02/02 Stuurgroep ILV" in annex_3
    assert "08/02 Beheerscomité ILV bij Maatwerkbedrijf Webo" in annex_3
    assert "Tb. Regionaal Ervaringsnetwerk Rivierenland: Bezoek Hof van Coolhem" in annex_3
    assert "07/12 Stuurgroep ILV" in annex_3
    annex_1 = page[page.rindex("Annex 1. Beheerscomité") : page.rindex("Annex 2. Overzicht")]
    assert "Voorzitter Luc Van Houtven Duffel" in annex_1
    assert "Ondervoorzitter An Coen Sint-Katelijne-Waver" in annex_1
    assert "Secretariaat Guido Vangoidsenhoven Mechelen" in annex_1


def test_the_commitments_show_each_municipality_and_body(beheerscomite_client, demo_data):
    page = text(beheerscomite_client.get(PAGE).content.decode())
    assert "Elke gemeente nam in 2021 deel aan minstens één actie in elk actiedomein." in page
    assert "Werkgroep Sociale Economie stad Lier 5 4 in orde" in page
    assert "Stuurgroep ILV 4 4 in orde" in page


def test_prose_is_rendered_as_markdown_and_never_runs(beheerscomite_client, demo_data):
    report = AnnualReport.objects.get(year=2021)
    ReportSection.objects.create(
        report=report,
        part=ReportSection.Part.INTRODUCTION,
        position=99,
        heading="<script>alert('kop')</script>",
        body="**Vet** en <script>alert('tekst')</script>^[Een voetnoot]",
    )
    html = beheerscomite_client.get(PAGE).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;kop&#x27;)&lt;/script&gt;" in html
    assert "<strong>Vet</strong> en &lt;script&gt;" in html
    assert '<span class="footnote">Een voetnoot</span>' in html


def test_the_page_reads_a_fixed_number_of_queries_whatever_the_number_of_actions(
    beheerscomite_client, demo_data, django_assert_num_queries
):
    # session, user, its permissions (user, groups); the report with its signatory, its
    # approvals; home region; sections; plans, domains, themes, actions, their meetings,
    # partners and municipalities; the region's members (Inleidend); key figures; jobseekers
    # (members, figures); projects, their partners; Tabel 3 (latest date, rows, Flanders);
    # measures, the region's organisations, the latest allocation dates of each of the five
    # measures, allocations,
    # occupancy; calls, applications; Tabel 8; Tabel 9; compliance (members, domains, actions,
    # their municipalities); Annex 1 (bodies, members); minimums; Annex 3; and first the data
    # version, under which the rendered document is kept
    with django_assert_num_queries(46) as before:
        beheerscomite_client.get(PAGE)
    # The same data again: the document as rendered, found by its data version.
    with django_assert_num_queries(8):
        beheerscomite_client.get(PAGE)
    for domain in ActionDomain.objects.all():
        for i in range(30):
            action = make_action(domain, f"Extra actie {i}", whole_region=True)
            action.meetings.set(domain.plan.domains.first().actions.first().meetings.all())
    for i in range(20):
        SupportedProject.objects.create(year=2021, position=50 + i, name=f"Project {i}")
    # Changed data: rendered again, with the same queries.
    with django_assert_num_queries(len(before.captured_queries)):
        html = beheerscomite_client.get(PAGE).content.decode()
    assert "Extra actie 29" in html and "Project 19" in html


def test_a_report_needs_a_role_and_an_unknown_year_is_404(client, django_user_model, demo_data):
    assert client.get(PAGE).status_code == 302
    client.force_login(django_user_model.objects.create_user("zonderrol"))
    assert client.get(PAGE).status_code == 403
    assert client.get(reverse("reports:pdf", args=[2021])).status_code == 403


def test_the_beheerscomite_reads_the_report_the_stuurgroep_does_not(
    client, stuurgroep, beheerscomite, demo_data
):
    client.force_login(beheerscomite)
    assert client.get(PAGE).status_code == 200
    assert client.get(reverse("reports:list")).status_code == 200
    assert client.get(reverse("reports:report", args=[1999])).status_code == 404
    client.force_login(stuurgroep)
    assert client.get(PAGE).status_code == 403
    assert client.get(reverse("reports:pdf", args=[2021])).status_code == 403


def test_a_minimum_counted_pro_rata_is_explained(beheerscomite_client, demo_data):
    page = text(beheerscomite_client.get(PAGE).content.decode())
    assert "Beheerscomité ILV 2 1 in orde" in page
    assert (
        "Beheerscomité ILV bestaat sinds 06/10/2021: in dat eerste jaar telt het minimum "
        "(2 per jaar) naar rato van de maanden vanaf de start." in page
    )


def test_the_2021_actions_say_who_took_part(beheerscomite_client, demo_data):
    page = text(beheerscomite_client.get(PAGE).content.decode())
    assert "12Work – aanwerven zonder solliciteren (Stad Mechelen) afgerond" in page
    assert "Met Duoforajob, Studio Dot. Gemeente: Mechelen." in page
    assert "Samenwerking met jobroad vzw afgerond Met Jobroad. Gemeenten: Lier, Mechelen." in page


def test_annex_3_lists_entries_whose_day_is_not_known(beheerscomite_client, demo_data):
    from meetings.models import Meeting

    Meeting.objects.create(
        title="Studiedag zonder datum", date=datetime.date(2022, 1, 1), date_precision=1
    )
    page = text(beheerscomite_client.get(PAGE).content.decode())
    annex_3 = page[page.rindex("Annex 3. Jaarkalender 2022") :]
    assert "Datum onbekend – Studiedag zonder datum" in annex_3


def test_tabel_3_in_the_report_shows_the_shares_not_the_derived_total(
    beheerscomite_client, demo_data
):
    page = text(beheerscomite_client.get(PAGE).content.decode())
    tabel_3 = page[page.index("Tabel 3 Aantal") : page.index("Figuur 1")]
    assert "18,234" in tabel_3 and "9,2 %" in tabel_3
    assert "Vlaanderen 167" not in tabel_3 and "afgeleid" not in tabel_3
