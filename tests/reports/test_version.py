"""The report's PDF is rendered once per content version, found again in one query while nothing
changed, and rendered anew when anything it shows changes."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors.models import LabourMarketFigure, Membership, Organisation
from events.models import Event
from ilv import pdf
from reports import pdf as report_pdf
from reports.models import Action, AnnualReport
from reports.queries.document import report_document
from reports.queries.version import covered_tables, data_version
from reports.rendering import draft_pdf
from tests.events.conftest import netwerkdag, register  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

TABLE = re.compile(r'(?:FROM|JOIN)\s+"?(\w+)"?', re.IGNORECASE)


def test_the_fingerprint_covers_every_table_the_document_reads(demo_data):
    report = AnnualReport.objects.get(year=2021)
    with CaptureQueriesContext(connection) as queries:
        report_document(report)
    read = {table for query in queries for table in TABLE.findall(query["sql"])}
    assert "reports_reportsection" in read and "contingents_allocation" in read
    assert read - covered_tables() == set()


@pytest.fixture
def count_renders(monkeypatch):
    calls = []
    render = report_pdf.html_to_pdf

    def counting(html, **options):
        calls.append(options)
        return render(html, **options)

    monkeypatch.setattr(report_pdf, "html_to_pdf", counting)
    return calls


def test_a_repeated_download_is_served_without_rendering(
    demo_data, count_renders, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path  # an empty PDF cache
    cache.clear()
    report = AnnualReport.objects.get(year=2021)
    first = draft_pdf(report)
    assert draft_pdf(report) == first
    assert len(count_renders) == 1
    LabourMarketFigure.objects.filter(municipality__name="Lier").first().save()
    assert draft_pdf(report) == first  # saved unchanged: same document, no new rendering
    assert len(count_renders) == 1


def test_every_kind_of_change_moves_the_fingerprint(demo_data):
    versions = [data_version()]

    def changed():
        versions.append(data_version())
        return versions[-1] != versions[-2]

    figure = LabourMarketFigure.objects.filter(municipality__name="Mechelen").first()
    figure.value += 1
    figure.save()
    assert changed()
    action = Action.objects.specific().first()
    action.partners.add(Organisation.objects.get(name="VVSG"))
    assert changed()
    action.partners.remove(Organisation.objects.get(name="VVSG"))
    assert changed()
    event = Event.objects.get(slug="info-en-netwerkevent-solidaire-financierders-2022")
    event.is_published = False
    event.save()
    assert changed()
    Membership.objects.filter(body__name="Stuurgroep ILV").first().delete()
    assert changed()
    assert not changed()  # nothing happened


def test_a_registration_for_an_event_does_not_move_it(netwerkdag):  # noqa: F811
    before = data_version()
    register(netwerkdag, 1, 5)
    assert data_version() == before


def test_weasyprint_only_reads_our_static_files():
    fetcher = pdf.StaticFilesFetcher(allowed_protocols=set())
    css = fetcher.fetch(pdf.BASE_URL + "static/css/report.css")
    assert css.content_type == "text/css" and b"@page" in css.read()
    for url in [
        "http://127.0.0.1:8000/static/css/report.css",
        pdf.BASE_URL + "media/rapporten/2021/goedgekeurd.pdf",
        pdf.BASE_URL + "static/../ilv/settings.py",
        pdf.BASE_URL + "static/css/bestaat-niet.css",
        "file:///etc/passwd",
    ]:
        with pytest.raises(ValueError, match="only load our own static files"):
            fetcher.fetch(url)


def test_the_report_dates_its_figures_by_its_own_year(demo_data):
    """A later allocation does not change the 2021 report (nor its fingerprinted PDF content)."""
    from contingents.models import Allocation

    report = AnnualReport.objects.get(year=2021)
    before = report_document(report)
    allocation = Allocation.objects.filter(measure__code="lde").first()
    Allocation.objects.create(
        organisation=allocation.organisation,
        measure=allocation.measure,
        valid_from=datetime.date(2022, 4, 1),
        fte=99,
    )
    after = report_document(report)

    def lde(document):
        chapter = document.chapters[2].children[1]
        return [s.block.data for s in chapter.sections if s.block and s.block.kind == "contingent"]

    assert [t.totals for t in lde(before)] == [t.totals for t in lde(after)]


def test_a_change_the_fingerprint_cannot_see_shows_within_minutes(
    demo_data, settings, tmp_path, monkeypatch, time_machine
):
    """A write that skips the ORM (no history row) is picked up once the lookup expires."""
    from reports.models import ReportSection
    from reports.rendering import LOOKUP_SECONDS

    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    monkeypatch.setattr(report_pdf, "html_to_pdf", lambda html, **options: html.encode())
    time_machine.move_to(datetime.datetime(2026, 11, 26, 9, 0))
    report = AnnualReport.objects.get(year=2021)
    first = draft_pdf(report)
    ReportSection.objects.filter(report=report, part="foreword").update(body="Buiten de ORM om.")
    assert draft_pdf(report) == first
    time_machine.move_to(
        datetime.datetime(2026, 11, 26, 9, 0) + datetime.timedelta(seconds=LOOKUP_SECONDS + 1)
    )
    later = draft_pdf(report)
    assert later != first and b"Buiten de ORM om." in later.read_bytes()
