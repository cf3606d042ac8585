"""The annual report as PDF: every figure of the document, a table of contents that points at the
right pages, tagged and in Dutch, and an approved copy archived unchanged as PDF/A."""

import datetime
import functools
import hashlib
import io
import re

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from meetings.models import AgendaItem, Decision, Meeting
from reports.models import AnnualReport, ReportApproval, ReportSection
from reports.services import ReportError
from reports.services.approvals import report_approve
from tests.pdf_structure import structure_roles

pytestmark = pytest.mark.django_db

PDF = reverse("reports:pdf", args=[2021])

TABEL_3 = ["18,234", "18,155", "12,197", "11,269", "8,4 %", "4,8 %", "4,2 %", "6,6 %", "6,1 %"]
TABEL_4 = ["10,50", "55,00", "13,50", "19,50", "6,00", "8,00", "(in uitdoof)", "80,90", "94,15"]
TABEL_4 += ["362,40", "370,55", "62,00"]
TABEL_5 = ["141,50", "231,55", "490,00", "117,00", "85,80", "78,50", "103,00", "103,50"]
TABEL_5 += ["116,50", "1.314,00", "234,00", "3.015,35"]
TABEL_6 = ["20,00", "45,00", "24,00", "25,00", "31,00", "104,00", "10,00", "259,00"]
TABEL_7 = ["Flegado", "BWZ Klein-Brabant", "OCMW Mechelen", "Universitair Psychiatrisch Centrum"]
JOBSEEKERS = ["334", "507", "466", "1.006", "1.327", "3.508", "416", "493", "1.095", "636"]
ANNEX_1 = [
    "Luc Van Houtven",
    "An Coen",
    "Elke Cuyt",
    "Hilde Schueremans",
    "Dirk Van Noten",
    "Sabine Leyzen",
    "Gabriella De Francesco",
    "Bert Rousseau",
    "Peter Van Hoeymissen",
    "Mina Kouskas",
    "Stephanie Verhoeven",
    "Lien Tuymans",
    "Veerle Van Bellinghen",
    "Nico Mans",
    "Kurt Vereycken",
    "Kristin Scharpé",
    "Tineke Plu",
    "Bart Callaerts",
    "Klaartje Mariën",
    "Veerle Van den Bossche",
    "Guido Vangoidsenhoven",
]


def download(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


@functools.cache
def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, whitespace collapsed (read once per PDF: extraction takes seconds)."""
    return [
        re.sub(r"\s+", " ", page.extract_text().replace("\u00a0", " "))
        for page in PdfReader(io.BytesIO(pdf)).pages
    ]


@pytest.fixture
def draft(beheerscomite_client, demo_data) -> bytes:
    return download(beheerscomite_client, PDF)


def test_the_pdf_holds_every_figure_of_tabel_3_to_7_the_jobseekers_and_annex_1(draft):
    text = " ".join(page_texts(draft))
    missing = [
        value
        for value in TABEL_3 + TABEL_4 + TABEL_5 + TABEL_6 + TABEL_7 + ANNEX_1
        if value not in text
    ]
    missing += [count for count in JOBSEEKERS if f" {count} " not in f" {text} "]
    assert missing == []
    assert "312.533" in text and "9.788" in text
    assert "Tabel 4 Overzicht contingent LDE" in text and "Bron: DWSE" in text


def toc_entries(pdf: bytes) -> list[tuple[str, int]]:
    """(title, page) of the table of contents; a long title may wrap over two lines."""
    lines = PdfReader(io.BytesIO(pdf)).pages[1].extract_text().splitlines()
    entries, pending = [], ""
    for line in lines:
        pending = f"{pending} {line}".strip()
        found = re.fullmatch(r"(.+?)\s*\.{4,}\s*(\d+)", pending)
        if found:
            entries.append((re.sub(r"\s+", " ", found[1]), int(found[2])))
            pending = ""
        elif line.startswith("Inhoudsopgave"):
            pending = ""
    return entries


def test_the_table_of_contents_points_at_the_pages_of_its_headings(draft):
    pages = page_texts(draft)
    entries = toc_entries(draft)
    assert [title for title, _page in entries][:4] == [
        "Voorwoord",
        "Inleidend",
        "1 Jaarverslag 2021",
        "1.1 De regionale arbeidsmarkt in 2021",
    ]
    assert entries[-1][0] == "Annex 3. Jaarkalender 2022" and len(entries) == 16
    numbers = [number for _title, number in entries]
    assert numbers == sorted(numbers) and numbers[0] == 3
    for title, number in entries:
        assert title in pages[number - 1], f"{title!r} is not on page {number}"


def test_footnotes_stand_at_the_foot_of_the_page_that_calls_them(draft):
    pages = page_texts(draft)

    def page_of(text):
        found = [i for i, page in enumerate(pages) if text in page]
        assert len(found) == 1, text
        return found[0]

    for call, note in [
        ("Dhr. Luc Van Houtven", "Toegevoegde schepen en voorzitter bijzonder comité"),
        ("Mevr. An Coen", "Schepen voor Sociale zaken en voorzitter bijzonder comité"),
        ("312.533", "Bron: VDAB, Dashboard lokale besturen"),
        ("Project Foodsavers Mechelen", "https://www.mechelen.be/foodsavers"),
    ]:
        assert page_of(call) == page_of(note), call
    # A table's own notes stand right under it.
    assert page_of("Noot: Spoor 2 is actief in Bornem en Puurs") == page_of("Totaal 3.015,35")


def test_every_page_carries_the_title_and_its_number(draft):
    pages = page_texts(draft)
    total = len(pages)
    for number, text in enumerate(pages[1:], start=2):
        assert f"p. {number} / {total}" in text
        assert "Jaarverslag 2021 – Jaaractieplan 2022" in text
    assert "ONTWERP" in pages[4]  # not approved yet: a draft on every page
    assert "Ontwerp – nog niet goedgekeurd door het beheerscomité" in pages[0]


def test_the_pdf_is_tagged_in_dutch_with_its_title_and_author(draft):
    with pikepdf.open(io.BytesIO(draft)) as pdf:
        assert str(pdf.Root.Lang) == "nl-BE"
        assert bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.docinfo["/Title"]) == "Jaarverslag 2021 – Jaaractieplan 2022"
        assert str(pdf.docinfo["/Author"]) == "ILV regie sociale economie Rivierenland"
        roles = structure_roles(pdf)
        assert {"/H2", "/H3", "/P", "/L", "/LI", "/Table", "/TH", "/TD", "/Caption"} <= roles


@pytest.fixture
def committee_decision(demo_data):
    meeting = Meeting.objects.get(body__name="Beheerscomité ILV", date=datetime.date(2022, 10, 12))
    item = AgendaItem.objects.create(meeting=meeting, title="Jaarverslag 2021")
    return Decision.objects.create(meeting=meeting, agenda_item=item, text="Goedgekeurd.")


def test_an_approved_report_is_archived_as_pdfa_and_later_edits_leave_it_unchanged(
    regisseur, beheerscomite_client, committee_decision, time_machine
):
    time_machine.move_to(datetime.datetime(2022, 10, 13, 9, 0))
    report = AnnualReport.objects.get(year=2021)
    approval = report_approve(
        report=report,
        approved_on=datetime.date(2022, 10, 12),
        decision=committee_decision,
        user=regisseur,
    )
    archived = download(beheerscomite_client, PDF)
    assert hashlib.sha256(archived).hexdigest() == approval.sha256
    with pikepdf.open(io.BytesIO(archived)) as pdf:
        assert "/StructTreeRoot" in pdf.Root and str(pdf.Root.Lang) == "nl-BE"
        metadata = pdf.open_metadata()
        assert metadata["pdfaid:part"] == "3" and metadata["pdfaid:conformance"] == "A"
    first_page = page_texts(archived)[0]
    assert "Goedgekeurd door het beheerscomité op 12/10/2022" in first_page
    assert "ONTWERP" not in " ".join(page_texts(archived))

    page = beheerscomite_client.get(reverse("reports:report", args=[2021])).content.decode()
    assert approval.sha256 in page and "Goedgekeurd door het beheerscomité op 12/10/2022" in page
    assert "Ontwerp." not in page

    section = ReportSection.objects.filter(report=report, part="foreword").get()
    section.body += "\n\nEen zin die na de goedkeuring werd toegevoegd."
    section.save()
    page = beheerscomite_client.get(reverse("reports:report", args=[2021])).content.decode()
    assert "De gegevens zijn gewijzigd sinds de goedkeuring van 12/10/2022" in page
    assert "na de goedkeuring werd toegevoegd" in page
    assert download(beheerscomite_client, PDF) == archived
    later = download(beheerscomite_client, reverse("reports:draft_pdf", args=[2021]))
    assert "na de goedkeuring werd toegevoegd" in " ".join(page_texts(later))
    assert "ONTWERP" in page_texts(later)[3]


def test_the_same_content_is_not_approved_twice(regisseur, demo_data, monkeypatch):
    monkeypatch.setattr("reports.services.approvals.html_to_pdf", lambda html, **kw: b"%PDF-1.7")
    report = AnnualReport.objects.get(year=2021)
    report_approve(report=report, approved_on=datetime.date(2022, 3, 25), user=regisseur)
    with pytest.raises(ReportError, match="Deze inhoud werd al goedgekeurd op 25/03/2022"):
        report_approve(report=report, approved_on=datetime.date(2022, 4, 1), user=regisseur)
    assert ReportApproval.objects.count() == 1


def test_only_a_decision_of_the_beheerscomite_approves(demo_data, monkeypatch):
    monkeypatch.setattr("reports.services.approvals.html_to_pdf", lambda html, **kw: b"%PDF-1.7")
    meeting = Meeting.objects.filter(body__name="Stuurgroep ILV").first()
    item = AgendaItem.objects.create(meeting=meeting, title="Jaarverslag")
    decision = Decision.objects.create(meeting=meeting, agenda_item=item, text="Advies gunstig.")
    with pytest.raises(ReportError, match="Enkel een beslissing van het beheerscomité"):
        report_approve(
            report=AnnualReport.objects.get(year=2021),
            approved_on=meeting.date,
            decision=decision,
        )


def approval_form(client, report) -> tuple[str, dict]:
    """The approval page and the hidden version of the document it was opened on."""
    url = reverse("admin:reports_annualreport_approve", args=[report.pk])
    html = client.get(url).content.decode()
    reviewed = re.search(r'name="content_sha256" value="([0-9a-f]{64})"', html)[1]
    return url, {"content_sha256": reviewed}


def test_the_regisseur_records_an_approval_in_the_admin(
    regisseur_client, committee_decision, monkeypatch, time_machine
):
    time_machine.move_to(datetime.datetime(2022, 10, 13, 9, 0))
    monkeypatch.setattr("reports.services.approvals.html_to_pdf", lambda html, **kw: b"%PDF-1.7")
    report = AnnualReport.objects.get(year=2021)
    url, hidden = approval_form(regisseur_client, report)
    html = regisseur_client.post(url, {**hidden, "approved_on": "13/10/2099"}).content.decode()
    assert "Die datum ligt in de toekomst." in html
    html = regisseur_client.post(url, {**hidden, "approved_on": "15/12/2021"}).content.decode()
    assert "Het verslag over 2021 kan pas na dat jaar goedgekeurd worden." in html
    html = regisseur_client.post(
        url, {**hidden, "approved_on": "11/10/2022", "decision": committee_decision.pk}
    ).content.decode()
    assert "Die beslissing viel op 12/10/2022." in html
    assert not ReportApproval.objects.exists()
    response = regisseur_client.post(
        url,
        {**hidden, "approved_on": "12/10/2022", "decision": committee_decision.pk},
        follow=True,
    )
    approval = ReportApproval.objects.get()
    assert f"PDF gearchiveerd (SHA-256 {approval.sha256})" in response.content.decode()
    assert approval.sha256 == hashlib.sha256(b"%PDF-1.7").hexdigest()
    assert approval.approved_by_name == "regisseur"
    # A later approval may not claim an earlier date.
    url, hidden = approval_form(regisseur_client, report)
    html = regisseur_client.post(url, {**hidden, "approved_on": "01/10/2022"}).content.decode()
    assert "Er is al een goedkeuring van 12/10/2022; een nieuwe valt niet vroeger." in html


def test_an_approval_archives_only_the_version_that_was_read(
    regisseur_client, demo_data, monkeypatch, time_machine
):
    time_machine.move_to(datetime.datetime(2022, 10, 13, 9, 0))
    monkeypatch.setattr("reports.services.approvals.html_to_pdf", lambda html, **kw: b"%PDF-1.7")
    report = AnnualReport.objects.get(year=2021)
    url, hidden = approval_form(regisseur_client, report)
    section = ReportSection.objects.filter(report=report, part="foreword").get()
    section.body += " Intussen aangepast."
    section.save()
    html = regisseur_client.post(url, {**hidden, "approved_on": "12/10/2022"}).content.decode()
    assert "Het document is gewijzigd sinds u deze pagina opende." in html
    assert not ReportApproval.objects.exists()


def test_an_approved_report_keeps_its_year(regisseur_client, regisseur, demo_data, monkeypatch):
    monkeypatch.setattr("reports.services.approvals.html_to_pdf", lambda html, **kw: b"%PDF-1.7")
    report = AnnualReport.objects.get(year=2021)
    report_approve(report=report, approved_on=datetime.date(2022, 3, 25), user=regisseur)
    report.year = 2030
    with pytest.raises(ValidationError, match="het jaar kan niet meer wijzigen"):
        report.full_clean()
    page = regisseur_client.get(reverse("admin:reports_annualreport_change", args=[report.pk]))
    assert 'name="year"' not in page.content.decode()


def test_a_failed_approval_leaves_no_file_behind(regisseur, demo_data, monkeypatch, settings):
    monkeypatch.setattr("reports.services.approvals.html_to_pdf", lambda html, **kw: b"%PDF-1.7")
    report = AnnualReport.objects.get(year=2021)
    report_approve(report=report, approved_on=datetime.date(2022, 3, 25), user=regisseur)
    before = sorted(p.name for p in (settings.MEDIA_ROOT / "rapporten" / "2021").iterdir())
    with pytest.raises(ReportError):
        report_approve(report=report, approved_on=datetime.date(2022, 4, 1), user=regisseur)
    after = sorted(p.name for p in (settings.MEDIA_ROOT / "rapporten" / "2021").iterdir())
    assert after == before


def test_readers_cannot_approve(beheerscomite_client, demo_data):
    report = AnnualReport.objects.get(year=2021)
    url = reverse("admin:reports_annualreport_approve", args=[report.pk])
    assert beheerscomite_client.get(url).status_code == 302  # the admin's own login
