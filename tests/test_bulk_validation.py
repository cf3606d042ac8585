"""ilv.bulk_validation: the model's own validation for a whole file, with the same answers and
messages as ``full_clean``, without a query per record."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Q, Value

from actors.models import LabourMarketFigure, Municipality, Region
from contingents.models import Allocation, Occupancy
from ilv.bulk_validation import FileValidator, Unsupported, condition_value

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"actors", "contingents", "meetings", "events", "catalogue", "reports"}
SAMPLES = {
    models.DecimalField: [Decimal("-1"), Decimal(0), Decimal("6.6"), Decimal(150)],
    models.IntegerField: [-1, 0, 3],
    models.BooleanField: [True, False],
    models.CharField: ["", "x"],
    models.TextField: ["", "x"],
    models.DateTimeField: [
        datetime.datetime(2021, 1, 1, 9, tzinfo=datetime.UTC),
        datetime.datetime(2021, 1, 1, 17, tzinfo=datetime.UTC),
    ],
    models.DateField: [datetime.date(2021, 1, 1), datetime.date(2021, 2, 1)],
    models.TimeField: [datetime.time(9), datetime.time(17)],
    models.ForeignKey: [1, 2],
}


def referenced(condition) -> set[str]:
    names = set()
    for child in condition.children:
        if isinstance(child, Q):
            names |= referenced(child)
        else:
            names.add(child[0].split("__")[0])
    return names


def samples(field) -> list:
    for kind, values in SAMPLES.items():
        if isinstance(field, kind):
            return values + ([None] if field.null else [])
    raise AssertionError(f"no samples for {field!r}")


def conditions():
    """Every check constraint and every condition of a unique constraint of the project."""
    for model in apps.get_models():
        if model.__module__.split(".")[0] not in PROJECT_APPS:
            continue
        for constraint in model._meta.constraints:
            condition = getattr(constraint, "condition", None)
            if condition is not None:
                yield pytest.param(model, condition, id=f"{model.__name__}.{constraint.name}")


@pytest.mark.parametrize("model, condition", list(conditions()))
def test_conditions_are_evaluated_in_python_as_the_database_does(model, condition):
    fields = {name: model._meta.get_field(name) for name in referenced(condition)}
    for combination in itertools.islice(
        itertools.product(*(samples(field) for field in fields.values())), 300
    ):
        values = dict(zip(fields, combination, strict=True))
        against = {name: Value(value, fields[name]) for name, value in values.items()}
        try:
            ours = condition_value(condition, values)
        except Unsupported:
            continue  # left to the database, as before
        # Django's check passes on an unknown (NULL) condition, as the database does.
        assert (ours is not False) == Q(condition).check(against), (condition, values)


@pytest.mark.parametrize("model", [LabourMarketFigure, Allocation, Occupancy])
def test_the_imported_models_need_no_query_for_their_check_constraints(model):
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.CheckConstraint):
            fields = referenced(constraint.condition)
            values = {name: samples(model._meta.get_field(name))[0] for name in fields}
            condition_value(constraint.condition, values)  # no Unsupported


@pytest.fixture
def area(db):
    mechelen = Municipality.objects.create(name="Mechelen", nis_code="12025")
    lier = Municipality.objects.create(name="Lier", nis_code="12021")
    region = Region.objects.create(name="Rivierenland", lead_municipality=mechelen)
    LabourMarketFigure.objects.create(
        municipality=lier, indicator="jobseekers", reference_month="2021-01-01", value=10
    )
    return mechelen, lier, region


def figure(municipality=None, region=None, **fields):
    fields = {"indicator": "jobseekers", "reference_month": datetime.date(2021, 1, 1)} | fields
    return LabourMarketFigure(municipality=municipality, region=region, **fields)


def messages(call) -> dict | None:
    try:
        call()
    except Exception as exc:  # noqa: BLE001 (compared below)
        return {key: [str(m) for m in value] for key, value in exc.message_dict.items()}
    return None


@pytest.mark.parametrize(
    "make",
    [
        lambda m, lier, r: figure(m, value=5),
        lambda m, lier, r: figure(lier, value=5),  # Lier already has one for 01/2021
        lambda m, lier, r: figure(m, r, value=5),  # both areas
        lambda m, lier, r: figure(value=5),  # no area
        lambda m, lier, r: figure(m, value=-3),
        lambda m, lier, r: figure(m, value=5, is_withheld=True),
        lambda m, lier, r: figure(m, value=None),
        lambda m, lier, r: figure(m, value=Decimal("9.79")),
        lambda m, lier, r: figure(m, indicator="jobseeker_rate", value=120),
        lambda m, lier, r: figure(m, value=5, reference_month=datetime.date(2021, 1, 15)),
        lambda m, lier, r: figure(region=r, value=5),
    ],
)
def test_a_record_gets_the_errors_full_clean_gives(area, make, django_assert_max_num_queries):
    instance = make(*area)
    validator = FileValidator(LabourMarketFigure)
    validator.load(
        [
            {
                "municipality": instance.municipality,
                "region": instance.region,
                "indicator": instance.indicator,
                "reference_month": instance.reference_month,
            }
        ]
    )
    with django_assert_max_num_queries(0):
        ours = messages(lambda: validator.full_clean(instance, trusted={"municipality", "region"}))
    assert ours == messages(instance.full_clean)


def test_two_rows_of_one_file_with_the_same_unique_values_conflict(area):
    mechelen, _lier, _region = area
    validator = FileValidator(LabourMarketFigure)
    first, second = figure(mechelen, value=5), figure(mechelen, value=6)
    validator.load([{"municipality": mechelen, "indicator": "jobseekers",
                     "reference_month": datetime.date(2021, 1, 1)}])  # fmt: skip
    validator.full_clean(first)
    validator.accept(first)
    first.save()
    expected = messages(second.full_clean)  # what Django says once the first one is saved
    assert expected == {"__all__": ["Er is al een cijfer voor deze gemeente, indicator en maand."]}
    first.delete()  # as in a bulk import: the first is not written yet
    assert messages(lambda: validator.full_clean(second)) == expected


def test_values_not_read_beforehand_are_checked_in_the_database(area):
    _mechelen, lier, _region = area
    validator = FileValidator(LabourMarketFigure)  # nothing loaded
    assert messages(lambda: validator.full_clean(figure(lier, value=1))) == {
        "__all__": ["Er is al een cijfer voor deze gemeente, indicator en maand."]
    }


def test_an_update_that_moves_a_record_frees_its_old_values(area):
    mechelen, lier, _region = area
    existing = LabourMarketFigure.objects.get(municipality=lier)
    validator = FileValidator(LabourMarketFigure)
    key = {"indicator": "jobseekers", "reference_month": datetime.date(2021, 1, 1)}
    validator.load([{"municipality": lier, **key}, {"municipality": mechelen, **key}])
    existing.municipality = mechelen  # the file moves Lier's figure to Mechelen…
    validator.full_clean(existing)
    validator.accept(existing)
    validator.full_clean(figure(lier, value=3))  # …so Lier's values are free again
