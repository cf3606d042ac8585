import datetime
from decimal import Decimal

import pytest

from actors.models import Municipality, Organisation
from contingents.models import Allocation, Measure

APRIL = datetime.date(2021, 4, 1)
OCTOBER = datetime.date(2021, 10, 1)


@pytest.fixture
def lde(db):
    return Measure.objects.create(code="lde", name="Lokale diensteneconomie", short_name="LDE")


@pytest.fixture
def ama_welzijn(db):
    return Measure.objects.create(
        code="ama-welzijn",
        name="Arbeidsmatige activiteiten welzijn",
        short_name="AMA welzijn",
        counts_fte=False,
        position=4,
    )


@pytest.fixture
def ecoso(db):
    mechelen = Municipality.objects.create(name="Mechelen", nis_code="12025")
    organisation = Organisation.objects.create(
        name="Ecoso", kind=Organisation.Kind.SOCIAL_ECONOMY, headquarters="Mechelen"
    )
    organisation.active_in.add(mechelen)
    return organisation


def allocate(organisation, measure, valid_from, fte, **kwargs):
    allocation = Allocation(
        organisation=organisation,
        measure=measure,
        valid_from=valid_from,
        fte=None if fte is None else Decimal(fte),
        **kwargs,
    )
    allocation.full_clean()
    allocation.save()
    return allocation
