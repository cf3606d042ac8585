import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actors.models import (
    Body,
    LabourMarketFigure,
    Membership,
    Municipality,
    Organisation,
    Person,
    Region,
    periods_overlap,
)
from actors.validators import format_enterprise_number, validate_enterprise_number

pytestmark = pytest.mark.django_db

Indicator = LabourMarketFigure.Indicator
JAN_2021 = datetime.date(2021, 1, 1)


@pytest.fixture
def mechelen():
    return Municipality.objects.create(name="Mechelen", nis_code="12025")


@pytest.fixture
def lier():
    return Municipality.objects.create(name="Lier", nis_code="12021")


@pytest.fixture
def region(mechelen, lier):
    region = Region.objects.create(
        name="ILV regie sociale economie Rivierenland", lead_municipality=mechelen, is_home=True
    )
    region.municipalities.set([mechelen, lier])
    return region


# Municipalities and regions


def test_nis_code_is_unique(mechelen):
    duplicate = Municipality(name="Mechelen bis", nis_code="12025")
    with pytest.raises(ValidationError) as exc:
        duplicate.full_clean()
    assert "nis_code" in exc.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.parametrize("code", ["1202", "120255", "02025", "12O25", ""])
def test_nis_code_must_be_five_digits(code):
    with pytest.raises(ValidationError) as exc:
        Municipality(name="X", nis_code=code).full_clean()
    assert "nis_code" in exc.value.message_dict


def test_only_one_home_region(region):
    other = Region(name="Stad Gent", is_home=True)
    with pytest.raises(ValidationError, match="maar één eigen regio"):
        other.full_clean()
    Region.objects.create(name="Stad Antwerpen", is_home=False)
    assert Region.objects.home() == region


# Enterprise numbers


@pytest.mark.parametrize(
    "typed", ["0123.456.749", "0123456749", "BE0123456749", "be 0123 456 749", "123.456.749"]
)
def test_valid_enterprise_numbers_are_accepted_and_stored_in_official_notation(typed):
    validate_enterprise_number(typed)
    organisation = Organisation(name="Ecoso", enterprise_number=typed)
    organisation.full_clean()
    assert organisation.enterprise_number == "0123.456.749"


@pytest.mark.parametrize(
    "typed, message",
    [
        ("0123.456.748", "controlegetal klopt niet"),
        ("0203.201.341", "controlegetal klopt niet"),
        ("2123.456.749", "begint met 0 of 1"),
        ("0123.456", "10 cijfers"),
        ("abc", "10 cijfers"),
    ],
)
def test_enterprise_number_with_wrong_check_digits_or_format_is_refused(typed, message):
    with pytest.raises(ValidationError) as exc:
        Organisation(name="Ecoso", enterprise_number=typed).full_clean()
    assert message in " ".join(exc.value.message_dict["enterprise_number"])


def test_enterprise_number_is_unique_but_may_be_blank_for_many():
    Organisation.objects.create(name="Ecoso", enterprise_number="0203.201.340")
    Organisation.objects.create(name="Mivas")
    Organisation.objects.create(name="Werkmaat")  # two blanks are fine
    duplicate = Organisation(name="Ecoso bis", enterprise_number="BE0203201340")
    with pytest.raises(ValidationError, match="ondernemingsnummer al"):
        duplicate.full_clean()


def test_format_enterprise_number_leaves_garbage_as_typed():
    assert format_enterprise_number("0887010263") == "0887.010.263"
    assert format_enterprise_number("n.v.t.") == "n.v.t."


# Bodies and memberships


@pytest.fixture
def beheerscomite(region):
    return Body.objects.create(
        name="Beheerscomité ILV",
        kind=Body.Kind.MANAGEMENT_COMMITTEE,
        region=region,
        min_meetings_per_year=2,
    )


@pytest.fixture
def luc(mechelen):
    return Person.objects.create(name="Luc Van Houtven")


@pytest.fixture
def an(mechelen):
    return Person.objects.create(name="An Coen")


def test_external_consultation_needs_its_organiser():
    body = Body(name="Lerend netwerk AMA", kind=Body.Kind.EXTERNAL)
    with pytest.raises(ValidationError) as exc:
        body.full_clean()
    assert "organiser" in exc.value.message_dict
    body.organiser = "Provincie Antwerpen"
    body.full_clean()


def test_membership_cannot_end_before_it_starts(beheerscomite, luc):
    membership = Membership(
        person=luc,
        body=beheerscomite,
        start_date=datetime.date(2022, 1, 1),
        end_date=datetime.date(2021, 12, 31),
    )
    with pytest.raises(ValidationError, match="einddatum ligt vóór de begindatum"):
        membership.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        membership.save()


def test_a_person_cannot_hold_two_overlapping_seats_in_one_body(beheerscomite, luc):
    Membership.objects.create(person=luc, body=beheerscomite, start_date=datetime.date(2021, 1, 1))
    second = Membership(person=luc, body=beheerscomite, start_date=datetime.date(2022, 1, 1))
    with pytest.raises(ValidationError, match="al lid van Beheerscomité ILV"):
        second.full_clean()


def test_a_body_has_one_chair_at_a_time_but_chairs_may_succeed_each_other(beheerscomite, luc, an):
    Membership.objects.create(
        person=luc,
        body=beheerscomite,
        role=Membership.Role.CHAIR,
        start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(2022, 12, 31),
    )
    overlapping = Membership(
        person=an,
        body=beheerscomite,
        role=Membership.Role.CHAIR,
        start_date=datetime.date(2022, 6, 1),
    )
    with pytest.raises(ValidationError, match="heeft in die periode al een voorzitter"):
        overlapping.full_clean()
    successor = Membership(
        person=an,
        body=beheerscomite,
        role=Membership.Role.CHAIR,
        start_date=datetime.date(2023, 1, 1),
    )
    successor.full_clean()
    successor.save()
    vice = Membership(person=an, body=beheerscomite, role=Membership.Role.VICE_CHAIR)
    with pytest.raises(ValidationError, match="al lid"):
        vice.full_clean()  # An is chair from 2023 on, and an open vice-chair seat overlaps it


def test_membership_active_on_a_date(beheerscomite, luc, an):
    old = Membership.objects.create(
        person=luc, body=beheerscomite, end_date=datetime.date(2021, 12, 31)
    )
    new = Membership.objects.create(
        person=an, body=beheerscomite, start_date=datetime.date(2022, 1, 1)
    )
    on = Membership.objects.active_on
    assert list(on(datetime.date(2021, 6, 1))) == [old]
    assert list(on(datetime.date(2022, 6, 1))) == [new]
    assert old.is_active_on(datetime.date(2021, 12, 31))
    assert not old.is_active_on(datetime.date(2022, 1, 1))


@pytest.mark.parametrize(
    "a, b, overlap",
    [
        ((None, None), (None, None), True),
        ((None, datetime.date(2021, 1, 1)), (datetime.date(2021, 1, 2), None), False),
        ((None, datetime.date(2021, 1, 1)), (datetime.date(2021, 1, 1), None), True),
        (
            (datetime.date(2021, 1, 1), datetime.date(2021, 3, 1)),
            (None, datetime.date(2020, 12, 31)),
            False,
        ),
    ],
)
def test_periods_overlap(a, b, overlap):
    assert periods_overlap(*a, *b) is overlap


def test_members_listed_in_protocol_order(beheerscomite, luc, an, mechelen, lier):
    secretary = Person.objects.create(name="Guido Vangoidsenhoven")
    member = Person.objects.create(name="Sabine Leyzen")
    Membership.objects.create(
        person=secretary, body=beheerscomite, role=Membership.Role.SECRETARIAT
    )
    Membership.objects.create(person=member, body=beheerscomite, municipality=lier)
    Membership.objects.create(person=an, body=beheerscomite, role=Membership.Role.VICE_CHAIR)
    Membership.objects.create(person=luc, body=beheerscomite, role=Membership.Role.CHAIR)
    names = [m.person.name for m in Membership.objects.in_protocol_order()]
    assert names == ["Luc Van Houtven", "An Coen", "Sabine Leyzen", "Guido Vangoidsenhoven"]


# Labour-market figures


def figure(**kwargs):
    defaults = {
        "indicator": Indicator.JOBSEEKERS,
        "reference_month": JAN_2021,
        "value": Decimal(334),
    }
    return LabourMarketFigure(**{**defaults, **kwargs})


def test_figure_belongs_to_a_municipality_or_a_region_not_both(mechelen, region):
    with pytest.raises(ValidationError, match="gemeente óf een regio"):
        figure().full_clean()
    with pytest.raises(ValidationError, match="gemeente óf een regio"):
        figure(municipality=mechelen, region=region).full_clean()
    figure(municipality=mechelen).full_clean()
    figure(region=region).full_clean()


def test_withheld_figure_has_no_value_and_differs_from_zero_and_missing(mechelen):
    withheld = figure(municipality=mechelen, value=None, is_withheld=True)
    withheld.full_clean()
    withheld.save()
    zero = figure(municipality=mechelen, indicator=Indicator.LIMITED_DUTCH, value=Decimal(0))
    zero.full_clean()
    with pytest.raises(ValidationError, match="niet beide"):
        figure(municipality=mechelen, indicator=Indicator.LOW_SKILLED, value=None).full_clean()
    with pytest.raises(ValidationError, match="niet beide"):
        figure(municipality=mechelen, value=Decimal(3), is_withheld=True).full_clean()


def test_one_figure_per_area_indicator_and_month(mechelen, region):
    figure(municipality=mechelen).save()
    figure(region=region).save()  # the region's own figure is another row
    with pytest.raises(ValidationError, match="al een cijfer voor deze gemeente"):
        figure(municipality=mechelen, value=Decimal(335)).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        figure(municipality=mechelen, value=Decimal(335)).save()
    figure(municipality=mechelen, reference_month=datetime.date(2022, 1, 1)).full_clean()


def test_figure_rules_on_month_counts_and_percentages(mechelen):
    with pytest.raises(ValidationError, match="eerste dag van de maand"):
        figure(municipality=mechelen, reference_month=datetime.date(2021, 1, 15)).full_clean()
    with pytest.raises(ValidationError, match="geheel getal"):
        figure(municipality=mechelen, value=Decimal("9.79")).full_clean()
    with pytest.raises(ValidationError, match="tussen 0 en 100"):
        figure(
            municipality=mechelen, indicator=Indicator.JOBSEEKER_RATE, value=Decimal(101)
        ).full_clean()
    with pytest.raises(ValidationError, match="niet negatief"):
        figure(municipality=mechelen, value=Decimal(-1)).full_clean()
    figure(
        municipality=mechelen, indicator=Indicator.JOBSEEKER_RATE, value=Decimal("6.6")
    ).full_clean()
