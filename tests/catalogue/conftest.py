import datetime
from decimal import Decimal

import pytest

from actors.models import Municipality, Organisation, OrganisationAlias, Person, Sector
from catalogue import brochure
from contingents.models import Allocation, Measure

LONG_AGO = datetime.date(2021, 4, 1)


@pytest.fixture
def mechelen(db):
    return Municipality.objects.create(name="Mechelen", nis_code="12025")


@pytest.fixture
def lier(db):
    return Municipality.objects.create(name="Lier", nis_code="12021")


@pytest.fixture
def circular(db):
    return Sector.objects.create(name="Circulaire economie")


@pytest.fixture
def green(db):
    return Sector.objects.create(name="Groenonderhoud")


@pytest.fixture
def lde(db):
    return Measure.objects.create(
        code="lde", name="Lokale diensteneconomie", short_name="LDE", position=1
    )


@pytest.fixture
def maatwerk(db):
    return Measure.objects.create(
        code="collectief-maatwerk", name="Collectief maatwerk", short_name="CMW", position=2
    )


@pytest.fixture
def ama_welzijn(db):
    return Measure.objects.create(
        code="ama-welzijn",
        name="Arbeidsmatige activiteiten welzijn",
        short_name="AMA welzijn",
        counts_fte=False,
        position=4,
    )


def organisation(name, *, sectors=(), active_in=(), aliases=(), **fields):
    fields = {"kind": Organisation.Kind.SOCIAL_ECONOMY, "in_catalogue": True, **fields}
    created = Organisation(name=name, **fields)
    created.full_clean()
    created.save()
    created.sectors.set(sectors)
    created.active_in.set(active_in)
    for alias in aliases:
        OrganisationAlias.objects.create(organisation=created, name=alias)
    return created


def allocate(org, measure, fte, *, valid_from=LONG_AGO, **kwargs):
    allocation = Allocation(
        organisation=org,
        measure=measure,
        valid_from=valid_from,
        fte=None if fte is None else Decimal(fte),
        **kwargs,
    )
    allocation.full_clean()
    allocation.save()
    return allocation


@pytest.fixture
def ecoso(mechelen, circular, lde, ama_welzijn):
    """A catalogue organisation with every public field, an internal description, an enterprise
    number and a person: what the public sees and what it must never see."""
    ecoso = organisation(
        "Ecoso",
        sectors=[circular],
        active_in=[mechelen],
        aliases=["Ecoso vzw"],
        headquarters="Mechelen",
        offer="Stewards op de containerparken; project Foodsavers.",
        public_address="Voorbeeldstraat 1, 2800 Mechelen",
        public_phone="015 00 00 00",
        public_email="info@ecoso.example",
        website="https://ecoso.example/",
        description="INTERN: gesprek over de bezetting loopt nog",
        enterprise_number="0123.456.749",
    )
    Person.objects.create(
        name="Griet Geheim", email="griet.geheim@ecoso.example", organisation=ecoso
    )
    allocate(ecoso, lde, "19.50")
    allocate(ecoso, ama_welzijn, None)
    return ecoso


@pytest.fixture
def hidden(mechelen):
    """An organisation that is not in the catalogue."""
    return organisation(
        "Stad Mechelen",
        kind=Organisation.Kind.LOCAL_AUTHORITY,
        in_catalogue=False,
        active_in=[mechelen],
    )


@pytest.fixture
def renders(monkeypatch):
    """Counts the WeasyPrint renders behind the brochure."""
    calls = []
    render = brochure.html_to_pdf

    def counted(html):
        calls.append(html)
        return render(html)

    monkeypatch.setattr(brochure, "html_to_pdf", counted)
    return calls
