"""Importing organisations and labour-market figures in the admin, with a preview."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actors.models import LabourMarketFigure, Municipality, Organisation, Region, Sector

pytestmark = pytest.mark.django_db

CSV, XLSX = 0, 1  # positions in settings.IMPORT_FORMATS
ORG_IMPORT = reverse("admin:actors_organisation_import")
FIGURE_IMPORT = reverse("admin:actors_labourmarketfigure_import")


@pytest.fixture
def region(db):
    mechelen = Municipality.objects.create(name="Mechelen", nis_code="12025")
    lier = Municipality.objects.create(name="Lier", nis_code="12021")
    region = Region.objects.create(
        name="ILV regie sociale economie Rivierenland", lead_municipality=mechelen, is_home=True
    )
    region.municipalities.set([mechelen, lier])
    Sector.objects.create(name="Circulaire economie")
    return region


def csv_file(text: str, name="bestand.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\ufeff" + text).encode("utf-8"), content_type="text/csv")


def xlsx_file(rows: list[list], name="bestand.xlsx") -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def preview(client, url, upload, fmt=CSV):
    return client.post(url, {"import_file": upload, "format": fmt})


def confirm(client, url, preview_response):
    form = preview_response.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    return client.post(url.replace("/import/", "/process_import/"), data)


ORGS_CSV = (
    "naam;soort;hoofdkantoor;gemeente_hoofdkantoor;actief_in;ondernemingsnummer;sectoren\n"
    "Opnieuw & Co;Sociale-economieonderneming;Mortsel;;Lier;0203.201.340;Circulaire economie\n"
    "Mivas;social_economy;Lier;12021;Lier;;\n"
)


def test_organisation_import_shows_a_preview_and_saves_nothing_until_confirmed(
    regisseur_client, region
):
    response = preview(regisseur_client, ORG_IMPORT, csv_file(ORGS_CSV))
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.valid_rows()] == ["new", "new"]
    assert "Opnieuw &amp; Co" in response.content.decode()
    assert not Organisation.objects.exists()

    response = confirm(regisseur_client, ORG_IMPORT, response)
    assert response.status_code == 302
    opnieuw = Organisation.objects.get(name="Opnieuw & Co")
    assert opnieuw.kind == Organisation.Kind.SOCIAL_ECONOMY
    assert opnieuw.headquarters == "Mortsel"
    assert opnieuw.headquarters_municipality is None
    assert [m.name for m in opnieuw.active_in.all()] == ["Lier"]
    assert [s.name for s in opnieuw.sectors.all()] == ["Circulaire economie"]
    assert opnieuw.enterprise_number == "0203.201.340"
    mivas = Organisation.objects.get(name="Mivas")
    assert mivas.headquarters_municipality.name == "Lier"
    # Who imported it is on record.
    assert opnieuw.history.first().history_user.username == "regisseur"
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [
        "Import voltooid: 2 nieuw, 0 bijgewerkt, 0 verwijderd en 0 overgeslagen (organisaties)."
    ]


def test_an_empty_file_or_one_in_the_wrong_format_gets_a_dutch_message(regisseur_client, region):
    header_only = preview(regisseur_client, ORG_IMPORT, csv_file("naam;soort\n"))
    assert "Er zijn geen gegevens om te importeren" in header_only.content.decode()
    excel_as_csv = preview(regisseur_client, ORG_IMPORT, xlsx_file([["naam"], ["Mivas"]]), fmt=CSV)
    assert "kan niet gelezen worden als CSV: het is een Excel-bestand" in (
        excel_as_csv.content.decode()
    )
    assert not Organisation.objects.exists()


def test_an_organisation_twice_in_one_file_is_an_error(regisseur_client, region):
    twice = ORGS_CSV + "mivas;Sociale-economieonderneming;Lier;;;;\n"
    invalid = preview(regisseur_client, ORG_IMPORT, csv_file(twice)).context["result"].invalid_rows
    assert [row.number + 1 for row in invalid] == [4]
    assert "hetzelfde als rij 3 (zelfde naam)" in " ".join(invalid[0].error_dict["__all__"])


def test_importing_the_same_file_again_updates_nothing(regisseur_client, region):
    confirm(regisseur_client, ORG_IMPORT, preview(regisseur_client, ORG_IMPORT, csv_file(ORGS_CSV)))
    response = preview(regisseur_client, ORG_IMPORT, csv_file(ORGS_CSV))
    assert [row.import_type for row in response.context["result"].valid_rows()] == ["skip", "skip"]
    assert Organisation.objects.count() == 2


def test_one_bad_row_imports_nothing_and_the_message_names_the_row_and_problem(
    regisseur_client, region
):
    bad = ORGS_CSV + "Werkmaat;Sociale-economieonderneming;Antwerpen/Lier;;Lier;0123.456.748;\n"
    response = preview(regisseur_client, ORG_IMPORT, csv_file(bad))
    html = response.content.decode()
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert "Sommige rijen bevatten fouten" in html
    invalid = response.context["result"].invalid_rows
    assert [row.number + 1 for row in invalid] == [4]  # spreadsheet row 4: header + 3 rows
    assert "ondernemingsnummer" in invalid[0].field_specific_errors
    assert "controlegetal klopt niet" in html
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    "row, column, message",
    [
        (
            "Werkmaat;Sociale-economieonderneming;;Gent;;;",
            "gemeente_hoofdkantoor",
            "Onbekende gemeente: “Gent”",
        ),
        (
            "Werkmaat;Sociale-economieonderneming;;;Lier, Gent;;",
            "actief_in",
            "Onbekende gemeente: “Gent”",
        ),
        ("Werkmaat;Sociale-economieonderneming;;;;;Bouw", "sectoren", "Onbekende sector: “Bouw”"),
        ("Werkmaat;vzw;;;;;", "soort", "Onbekende soort organisatie: “vzw”"),
        (";Sociale-economieonderneming;;;;;", "naam", "Dit veld kan niet leeg zijn"),
    ],
)
def test_bad_cells_are_reported_in_dutch_by_column(regisseur_client, region, row, column, message):
    header = "naam;soort;hoofdkantoor;gemeente_hoofdkantoor;actief_in;ondernemingsnummer;sectoren\n"
    response = preview(regisseur_client, ORG_IMPORT, csv_file(header + row + "\n"))
    invalid = response.context["result"].invalid_rows
    assert len(invalid) == 1
    errors = invalid[0].field_specific_errors
    assert column in errors, errors
    assert message in " ".join(errors[column])
    assert not Organisation.objects.exists()


def test_a_file_with_unknown_or_missing_columns_is_refused_as_a_whole(regisseur_client, region):
    response = preview(regisseur_client, ORG_IMPORT, csv_file("name;kind\nMivas;x\n"))
    html = response.content.decode()
    assert "ontbrekende kolommen: naam" in html
    assert "onbekende kolommen: name, kind" in html
    assert "Traceback" not in html
    assert not Organisation.objects.exists()


def test_confirm_rolls_everything_back_when_data_changed_since_the_preview(
    regisseur_client, region
):
    response = preview(regisseur_client, ORG_IMPORT, csv_file(ORGS_CSV))
    # Between preview and confirm, someone gives another organisation that enterprise number.
    Organisation.objects.create(name="Andere vzw", enterprise_number="0203.201.340")
    response = confirm(regisseur_client, ORG_IMPORT, response)
    assert response.status_code == 302
    assert response["Location"] == ORG_IMPORT
    assert set(Organisation.objects.values_list("name", flat=True)) == {"Andere vzw"}
    message = [str(m) for m in response.wsgi_request._messages][0]
    assert message.startswith("Er werd niets geïmporteerd: rij 2:")
    assert "ondernemingsnummer" in message


def test_only_users_with_the_import_permission_see_the_import(client, region, django_user_model):
    clerk = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    clerk.user_permissions.add(
        *__import__(
            "django.contrib.auth.models", fromlist=["Permission"]
        ).Permission.objects.filter(
            codename__in=["view_organisation", "change_organisation", "add_organisation"]
        )
    )
    client.force_login(clerk)
    assert client.get(ORG_IMPORT).status_code == 403
    changelist = client.get(reverse("admin:actors_organisation_changelist"))
    assert changelist.status_code == 200
    assert ORG_IMPORT not in changelist.content.decode()


def test_regisseur_sees_the_import_button(regisseur_client, region):
    changelist = regisseur_client.get(reverse("admin:actors_organisation_changelist"))
    assert ORG_IMPORT in changelist.content.decode()


# Labour-market figures


def test_figures_import_from_xlsx_with_nis_codes_names_and_withheld_cells(regisseur_client, region):
    rows = [
        ["gemeente", "indicator", "maand", "waarde"],
        ["12025", "Werkzoekenden zonder werk", "01/2021", 3508],
        ["Lier", "jobseekers", datetime.datetime(2021, 1, 1), 1327.0],
        ["Lier", "Werkzoekenden met weinig kennis NL", "2021-01", "*"],
        ["Mechelen", "Werkzoekenden met weinig kennis NL", "2021-01", ""],
    ]
    response = preview(regisseur_client, FIGURE_IMPORT, xlsx_file(rows), fmt=XLSX)
    result = response.context["result"]
    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    assert [r.import_type for r in result.valid_rows()] == ["new", "new", "new", "skip"]
    confirm(regisseur_client, FIGURE_IMPORT, response)

    figures = {
        (f.municipality.name, f.indicator): f
        for f in LabourMarketFigure.objects.select_related("municipality")
    }
    assert len(figures) == 3  # the empty cell stays empty: no row, and certainly no zero
    assert figures["Mechelen", "jobseekers"].value == Decimal(3508)
    assert figures["Lier", "jobseekers"].value == Decimal(1327)
    withheld = figures["Lier", "limited_dutch"]
    assert withheld.is_withheld and withheld.value is None
    assert withheld.reference_month == datetime.date(2021, 1, 1)
    assert withheld.source == "VDAB, Arvastat"


def test_figures_import_from_belgian_csv_for_the_region(regisseur_client, region):
    text = (
        "regio;indicator;maand;waarde;bron\n"
        "ILV regie sociale economie Rivierenland;Werkzoekendegraad (%);01/2021;6,6;VDAB, Arvastat\n"
        "ILV regie sociale economie Rivierenland;Ontvangen vacatures;01/2021;5538;VDAB, Arvastat\n"
    )
    response = preview(regisseur_client, FIGURE_IMPORT, csv_file(text))
    confirm(regisseur_client, FIGURE_IMPORT, response)
    rate = LabourMarketFigure.objects.get(indicator="jobseeker_rate")
    assert rate.region == region and rate.value == Decimal("6.6")
    assert LabourMarketFigure.objects.get(indicator="vacancies_received").value == 5538


@pytest.mark.parametrize(
    "cells, column, message",
    [
        ("Gent;jobseekers;01/2021;10", "gemeente", "Onbekende gemeente: “Gent”"),
        ("Lier;werklozen;01/2021;10", "indicator", "Onbekende indicator: “werklozen”"),
        ("Lier;jobseekers;15/01/2021;10", "maand", "is een dag, geen maand"),
        ("Lier;jobseekers;januari;10", "maand", "geen maand"),
        ("Lier;jobseekers;01/2021;9.788,0", "waarde", "zonder scheidingsteken voor duizendtallen"),
        ("Lier;jobseekers;01/2021;veel", "waarde", "“veel” is geen getal"),
        ("Lier;jobseekers;01/2021;9.79", "waarde", "geheel getal"),
        ("Lier;jobseekers;01/2021;-3", "", "niet negatief"),
    ],
)
def test_bad_figure_rows_name_the_problem(regisseur_client, region, cells, column, message):
    text = "gemeente;indicator;maand;waarde\nMechelen;jobseekers;01/2021;3508\n" + cells + "\n"
    response = preview(regisseur_client, FIGURE_IMPORT, csv_file(text))
    invalid = response.context["result"].invalid_rows
    assert [row.number + 1 for row in invalid] == [3]
    errors = invalid[0].error_dict
    if column:
        assert message in " ".join(errors[column]), errors
    else:
        assert message in " ".join(" ".join(e) for e in errors.values()), errors
    assert not LabourMarketFigure.objects.exists()


def test_the_same_figure_twice_in_one_file_is_an_error(regisseur_client, region):
    text = (
        "gemeente;indicator;maand;waarde\n"
        "Lier;jobseekers;01/2021;1327\n"
        "Lier;jobseekers;01/2021;1328\n"
    )
    response = preview(regisseur_client, FIGURE_IMPORT, csv_file(text))
    invalid = response.context["result"].invalid_rows
    assert [row.number + 1 for row in invalid] == [3]
    assert "hetzelfde als rij 2 (zelfde gemeente, regio, indicator, maand)" in " ".join(
        invalid[0].error_dict["__all__"]
    )
    assert not LabourMarketFigure.objects.exists()


def test_figures_file_needs_a_municipality_or_region_column(regisseur_client, region):
    response = preview(
        regisseur_client, FIGURE_IMPORT, csv_file("indicator;maand;waarde\njobseekers;01/2021;1\n")
    )
    assert "kolom “gemeente” of “regio” nodig" in response.content.decode()


def test_figures_export_is_belgian_csv(regisseur_client, region):
    LabourMarketFigure.objects.create(
        region=region,
        indicator="jobseeker_rate",
        reference_month=datetime.date(2021, 1, 1),
        value=Decimal("6.6"),
    )
    response = regisseur_client.post(
        reverse("admin:actors_labourmarketfigure_export"),
        {
            "format": CSV,
            "resource": 0,
            **{
                f"labourmarketfigureresource_{f}": "on"
                for f in [
                    "municipality",
                    "region",
                    "indicator",
                    "reference_month",
                    "value",
                    "is_withheld",
                    "source",
                ]
            },
        },
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffgemeente;regio;indicator;maand;waarde;afgeschermd;bron")
    assert "ILV regie sociale economie Rivierenland;Werkzoekendegraad (%);01/2021;" in text


def test_a_csv_saved_by_belgian_excel_in_windows_1252_imports(regisseur_client, region):
    text = "naam;soort;hoofdkantoor\nEmmaüs;Sociale-economieonderneming;Mechelen\n"
    upload = SimpleUploadedFile("organisaties.csv", text.encode("cp1252"), content_type="text/csv")
    confirm(regisseur_client, ORG_IMPORT, preview(regisseur_client, ORG_IMPORT, upload))
    assert Organisation.objects.get().name == "Emmaüs"
