import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from actors.models import Body, Membership, Organisation, Person
from meetings.models import AgendaItem, Attachment, Attendance, Decision, Meeting, attachment_path
from meetings.validators import validate_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee():
    return Body.objects.create(name="Beheerscomité ILV", kind=Body.Kind.MANAGEMENT_COMMITTEE)


def test_a_moment_without_body_needs_a_title():
    with pytest.raises(ValidationError, match="Geef een titel"):
        Meeting(date=datetime.date(2022, 4, 20)).full_clean()
    Meeting(date=datetime.date(2022, 4, 20), title="Inspiratiebezoek Loods 409").full_clean()


def test_a_month_only_date_is_the_first_and_has_no_time(committee):
    meeting = Meeting(
        body=committee, date=datetime.date(2022, 5, 17), date_precision=Meeting.Precision.MONTH
    )
    meeting.full_clean()
    assert meeting.date == datetime.date(2022, 5, 1)
    assert meeting.date_label == "Tb. mei 2022"
    meeting.start_time = datetime.time(14, 0)
    with pytest.raises(ValidationError, match="pas als de dag vastligt"):
        meeting.full_clean()


def test_end_after_start(committee):
    meeting = Meeting(
        body=committee,
        date=datetime.date(2022, 2, 8),
        start_time=datetime.time(19, 0),
        end_time=datetime.time(18, 0),
    )
    with pytest.raises(ValidationError, match="einde ligt vóór het begin"):
        meeting.full_clean()


def test_display_title_as_in_annex_3(committee):
    webo = Organisation.objects.create(name="Maatwerkbedrijf Webo")
    meeting = Meeting(body=committee, date=datetime.date(2022, 2, 8), host=webo)
    assert meeting.display_title == "Beheerscomité ILV bij Maatwerkbedrijf Webo"
    network = Body.objects.create(name="Regionaal Ervaringsnetwerk Rivierenland", kind="network")
    assert (
        Meeting(
            body=network, title="plenaire sessie", date=datetime.date(2022, 3, 10)
        ).display_title
        == "Regionaal Ervaringsnetwerk Rivierenland: plenaire sessie"
    )


def test_attendance_only_for_members_of_the_body_on_that_date(committee):
    meeting = Meeting.objects.create(body=committee, date=datetime.date(2022, 2, 8))
    current = Person.objects.create(name="Luc Van Houtven")
    former = Person.objects.create(name="Oud-lid")
    stranger = Person.objects.create(name="Buitenstaander")
    Membership.objects.create(person=current, body=committee, start_date=datetime.date(2021, 10, 6))
    Membership.objects.create(person=former, body=committee, end_date=datetime.date(2021, 12, 31))
    Attendance(meeting=meeting, person=current, status="present").full_clean()
    for person in (former, stranger):
        with pytest.raises(ValidationError, match="geen lid van Beheerscomité ILV"):
            Attendance(meeting=meeting, person=person).full_clean()


def test_decision_belongs_to_an_agenda_item_of_its_meeting(committee):
    meeting = Meeting.objects.create(body=committee, date=datetime.date(2022, 2, 8))
    other = Meeting.objects.create(body=committee, date=datetime.date(2022, 10, 12))
    item = AgendaItem.objects.create(meeting=other, title="Jaarverslag 2021")
    with pytest.raises(ValidationError, match="agendapunt van deze vergadering"):
        Decision(meeting=meeting, agenda_item=item, text="Goedgekeurd").full_clean()
    own = AgendaItem.objects.create(meeting=meeting, title="Jaarverslag 2021")
    with pytest.raises(ValidationError, match="Wie volgt dit op"):
        Decision(
            meeting=meeting, agenda_item=own, text="Bezorgen", due_date=datetime.date(2022, 3, 1)
        ).full_clean()


def docx_bytes(member="word/document.xml"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, content",
    [
        ("verslag.pdf", b"%PDF-1.7\n..."),
        ("agenda.docx", docx_bytes()),
        ("cijfers.xlsx", docx_bytes("xl/workbook.xml")),
    ],
)
def test_real_documents_are_accepted(name, content):
    validate_document(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("verslag.pdf", b"MZ\x90\x00 not a pdf", "geen echt PDF-bestand"),
        ("agenda.docx", docx_bytes("xl/workbook.xml"), "geen echt DOCX-bestand"),
        ("cijfers.xlsx", b"just text", "geen echt XLSX-bestand"),
    ],
)
def test_files_whose_content_does_not_match_are_refused(name, content, message):
    with pytest.raises(ValidationError, match=message):
        validate_document(SimpleUploadedFile(name, content))


def test_large_files_and_other_types_are_refused(committee):
    big = SimpleUploadedFile("groot.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError, match="het maximum is 10 MB"):
        validate_document(big)
    meeting = Meeting.objects.create(body=committee, date=datetime.date(2022, 2, 8))
    exe = Attachment(meeting=meeting, file=SimpleUploadedFile("script.exe", b"MZ"))
    with pytest.raises(ValidationError) as exc:
        exe.full_clean()
    assert "pdf, docx, xlsx" in str(exc.value)


def test_stored_file_names_are_sanitised(committee):
    meeting = Meeting.objects.create(body=committee, date=datetime.date(2022, 2, 8))
    path = attachment_path(Attachment(meeting=meeting), "../../etc/Verslag 8 februari?.PDF")
    assert path.startswith(f"vergaderingen/{meeting.pk}/")
    assert path.endswith("-verslag-8-februari.pdf")
    assert ".." not in path
