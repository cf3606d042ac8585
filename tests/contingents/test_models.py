import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from contingents.models import Allocation, Application, Call, Occupancy
from tests.contingents.conftest import APRIL, OCTOBER, allocate

pytestmark = pytest.mark.django_db


def test_one_allocation_per_organisation_measure_and_date(ecoso, lde):
    allocate(ecoso, lde, APRIL, "13.50")
    duplicate = Allocation(organisation=ecoso, measure=lde, valid_from=APRIL, fte=Decimal(14))
    with pytest.raises(ValidationError, match="al een toekenning vanaf die datum"):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    allocate(ecoso, lde, OCTOBER, "19.50")  # a later date is a new row, the old one stays
    assert list(Allocation.objects.values_list("fte", flat=True).order_by("valid_from")) == [
        Decimal("13.50"),
        Decimal("19.50"),
    ]


def test_fte_cannot_be_negative(ecoso, lde):
    with pytest.raises(ValidationError, match="niet negatief"):
        allocate(ecoso, lde, APRIL, "-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.create(organisation=ecoso, measure=lde, valid_from=APRIL, fte=-1)


def test_fte_is_required_unless_phasing_out_or_a_recognition(ecoso, lde, ama_welzijn):
    with pytest.raises(ValidationError, match="Vul het aantal VTE in"):
        allocate(ecoso, lde, APRIL, None)
    allocate(ecoso, lde, OCTOBER, None, phasing_out=True)
    allocate(ecoso, ama_welzijn, APRIL, None)
    with pytest.raises(ValidationError, match="telt geen VTE"):
        allocate(ecoso, ama_welzijn, OCTOBER, "3")


def test_occupancy_is_per_quarter(ecoso, lde):
    occupancy = Occupancy(
        organisation=ecoso, measure=lde, quarter=datetime.date(2021, 8, 1), fte_filled=Decimal(12)
    )
    with pytest.raises(ValidationError, match="eerste dag van een kwartaal"):
        occupancy.full_clean()
    occupancy.quarter = datetime.date(2021, 7, 1)
    occupancy.full_clean()
    assert occupancy.quarter_label == "K3 2021"


def test_application_rules(ecoso, lde):
    call = Call.objects.create(
        name="Herverdelingsoproep LDE augustus 2021",
        measure=lde,
        kind=Call.Kind.REDISTRIBUTION,
        opened_on=datetime.date(2021, 8, 1),
        total_fte=Decimal(100),
    )
    granted = Application(call=call, organisation=ecoso, status=Application.Status.GRANTED)
    with pytest.raises(ValidationError, match="hoeveel VTE er werden toegekend"):
        granted.full_clean()
    refused = Application(
        call=call, organisation=ecoso, status=Application.Status.REFUSED, granted_fte=Decimal(2)
    )
    with pytest.raises(ValidationError, match="kreeg geen VTE"):
        refused.full_clean()
    other = Allocation.objects.create(
        organisation=ecoso.__class__.objects.create(name="Werkmaat"),
        measure=lde,
        valid_from=OCTOBER,
        fte=Decimal(62),
    )
    wrong = Application(
        call=call,
        organisation=ecoso,
        status=Application.Status.GRANTED,
        granted_fte=Decimal(6),
        allocation=other,
    )
    with pytest.raises(ValidationError, match="hoort bij een andere organisatie"):
        wrong.full_clean()


def test_call_deadline_after_launch(lde):
    call = Call(
        name="Oproep",
        measure=lde,
        kind=Call.Kind.EXTENSION,
        opened_on=datetime.date(2021, 6, 1),
        deadline=datetime.date(2021, 5, 1),
    )
    with pytest.raises(ValidationError, match="vóór de lancering"):
        call.full_clean()
