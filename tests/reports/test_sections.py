"""A report section says which part of the document it belongs to and which table follows it."""

import pytest
from django.core.exceptions import ValidationError

from contingents.models import Measure
from reports.models import ListTable, ReportSection
from tests.reports.conftest import make_plan, make_report

pytestmark = pytest.mark.django_db


def section(report, **fields):
    item = ReportSection(report=report, **fields)
    item.full_clean()
    return item


def test_a_domain_chapter_needs_a_domain_of_the_reports_year():
    report = make_report(2021)
    with pytest.raises(ValidationError, match="Kies het actiedomein"):
        section(report, part=ReportSection.Part.REPORT_DOMAIN)
    later = make_plan(2022).domains.first()
    with pytest.raises(ValidationError, match="Kies een actiedomein van het jaar 2021"):
        section(report, part=ReportSection.Part.REPORT_DOMAIN, domain=later)
    section(report, part=ReportSection.Part.REPORT_DOMAIN, domain=make_plan(2021).domains.first())


def test_only_a_domain_chapter_has_a_domain():
    report = make_report(2021)
    with pytest.raises(ValidationError, match="Enkel een hoofdstuk over een actiedomein"):
        section(report, part=ReportSection.Part.FOREWORD, domain=make_plan(2021).domains.first())


def test_a_contingent_table_names_its_measure_and_a_list_table_its_table():
    report = make_report(2021)
    with pytest.raises(ValidationError, match="Kies de maatregel van deze tabel"):
        section(report, part=ReportSection.Part.REPORT, block=ReportSection.Block.CONTINGENT)
    with pytest.raises(ValidationError, match="Kies de tabel met twee lijsten"):
        section(report, part=ReportSection.Part.REPORT, block=ReportSection.Block.LIST_TABLE)
    measure = Measure.objects.create(code="lde", name="Lokale diensteneconomie", short_name="LDE")
    section(report, part=ReportSection.Part.REPORT, block="contingent", measure=measure)
    with pytest.raises(ValidationError, match="Enkel nodig bij"):
        section(report, part=ReportSection.Part.REPORT, block="projects", measure=measure)
    other = ListTable.objects.create(
        report=make_report(2020),
        caption="Andere",
        left_heading="a",
        left_items="x",
        right_heading="b",
        right_items="y",
    )
    with pytest.raises(ValidationError, match="Kies een tabel van dit jaarverslag"):
        section(report, part=ReportSection.Part.REPORT, block="list_table", list_table=other)


def test_a_list_table_reads_one_item_per_line():
    table = ListTable(left_items="• Netwerken\n\n- Promotie \n", right_items="Eén\r\nTwee")
    assert table.left == ["Netwerken", "Promotie"]
    assert table.right == ["Eén", "Twee"]
