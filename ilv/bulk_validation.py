"""A model's own validation (``full_clean``) for the thousands of records of one import file,
without a query per record.

Django checks each constraint of a record with a query (a check constraint with three: a savepoint,
the check and its release), each unique field and each foreign key with another. For a file of
10,000 rows that is most of the import's time. ``FileValidator.full_clean`` gives the same answers
and the same messages with what one file needs read once:

- check constraints, and the conditions of unique constraints, are evaluated in Python when they
  are simple (``isnull``, ``exact``, comparisons and ``in`` on the record's own fields, with
  ``&``, ``|`` and ``~``), in SQL's three-valued logic; anything else goes to the database as
  before (``condition_value`` raises ``Unsupported``);
- unique fields, ``unique_together`` and unique constraints over fields are answered from the
  records that hold the file's values, read for the whole file in a few queries
  (``FileValidator.load``), and kept up to date as the file's own rows are accepted (two rows of a
  file claiming the same value are refused, as when they are saved one by one); values not read
  beforehand are checked against the database as Django does;
- foreign keys the caller vouches for (the import found the related record moments ago) are not
  read again.

The database constraints stay the last line: a record that slips through (someone else writes the
same value in the meantime) fails on saving, and the import is rolled back.
"""

import operator
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, FieldError, ValidationError
from django.db import models
from django.db.models import Q

# Values per query: within what Django allows SQLite (999 parameters), and short enough to build.
CHUNK = 900


class Unsupported(Exception):
    """The condition needs the database to be evaluated."""


_COMPARISONS = {
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


def condition_value(condition, values: dict) -> bool | None:
    """What the database would answer for ``condition`` (a ``Q``) on a record with ``values``
    (field name → value, foreign keys by id): True, False, or None for SQL's unknown (NULL).

    Raises ``FieldError`` for a field that is not in ``values`` (Django's constraints then skip
    the check, as for an excluded field) and ``Unsupported`` for what only SQL can answer.
    """
    if not isinstance(condition, Q):
        raise Unsupported(condition)
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(condition_value(child, values))
        elif isinstance(child, tuple) and len(child) == 2:
            results.append(_lookup_value(*child, values))
        else:
            raise Unsupported(child)
    if condition.connector == Q.AND:
        result = False if False in results else (None if None in results else True)
    elif condition.connector == Q.OR:
        result = True if True in results else (None if None in results else False)
    else:
        raise Unsupported(condition.connector)
    if condition.negated:
        result = None if result is None else not result
    return result


def _lookup_value(lookup: str, expected, values: dict) -> bool | None:
    name, _sep, kind = lookup.partition("__")
    kind = kind or "exact"
    if name not in values:
        raise FieldError(name)
    if "__" in kind:
        raise Unsupported(lookup)  # a transform or a join
    value = values[name]
    if kind == "isnull":
        if not isinstance(expected, bool):
            raise Unsupported(lookup)
        return (value is None) == expected
    if kind == "exact" and expected is None:
        return value is None  # Django turns "= None" into IS NULL
    if kind == "in":
        options = list(expected)
        if value is None:
            return None
        if any(_compare(operator.eq, value, option) for option in options if option is not None):
            return True
        return None if None in options else False
    if kind == "exact":
        return None if value is None else _compare(operator.eq, value, expected)
    if kind in _COMPARISONS:
        if value is None or expected is None:
            return None
        return _compare(_COMPARISONS[kind], value, expected)
    raise Unsupported(lookup)


_NUMBERS = (int, float, Decimal)


def _compare(compare, value, expected) -> bool:
    """``compare(value, expected)`` when Python and SQL agree on it: numbers with numbers, text
    with text, and otherwise values of one type ("1" = 1 or a date against a string is left to
    the database, which converts)."""
    if hasattr(expected, "resolve_expression") or isinstance(expected, models.Model):
        raise Unsupported(expected)  # F(), expressions, a related record
    if isinstance(value, bool) != isinstance(expected, bool):
        raise Unsupported((value, expected))
    if not (
        (isinstance(value, _NUMBERS) and isinstance(expected, _NUMBERS))
        or (isinstance(value, str) and isinstance(expected, str))
        or type(value) is type(expected)
    ):
        raise Unsupported((value, expected))
    return bool(compare(value, expected))


class _UniqueRule:
    """One "these fields are unique together" rule, with the records known to hold each value."""

    def __init__(self, model, fields, *, condition=None, constraint=None, unique_check=None):
        self.model = model
        self.fields = tuple(fields)
        self.attnames = tuple(model._meta.get_field(name).attname for name in self.fields)
        self.condition = condition
        self.constraint = constraint  # a UniqueConstraint, or None for unique/unique_together
        self.unique_check = unique_check
        self.holders = defaultdict(set)  # value tuple -> pks (or markers of the file's new rows)
        self.held = {}  # pk or marker -> the value tuple it holds
        self.loaded = set()  # value tuples whose records in the database were read

    def key(self, instance) -> tuple | None:
        values = tuple(getattr(instance, attname) for attname in self.attnames)
        return None if any(value is None for value in values) else values

    def load(self, keys) -> None:
        """Read the records that hold any of ``keys`` (value tuples of this rule's fields)."""
        keys = {key for key in keys if key not in self.loaded}
        queryset = self.model._default_manager.all()
        if self.condition is not None:
            queryset = queryset.filter(self.condition)
        for found in having_values(queryset.values_list("pk", *self.attnames), self.attnames, keys):
            for pk, *values in found:
                self._hold(pk, tuple(values))
        self.loaded.update(keys)

    def _hold(self, holder, key) -> None:
        previous = self.held.pop(holder, None)
        if previous is not None:
            self.holders[previous].discard(holder)
        if key is not None:
            self.holders[key].add(holder)
            self.held[holder] = key

    def applies(self, values) -> bool | None:
        """Whether the rule's condition holds for the record: True, False, or None when only the
        database can tell."""
        if self.condition is None:
            return True
        try:
            # Django checks "condition AND EXISTS(…)" and counts an unknown condition as true.
            return condition_value(self.condition, values) is not False
        except (Unsupported, FieldError):
            return None

    def conflicts(self, instance, marker, values) -> bool | None:
        """True when another record holds the instance's values, None when only the database can
        tell."""
        key = self.key(instance)
        if key is None:
            return False  # NULLs are distinct: no conflict, as in SQL
        applies = self.applies(values)
        if applies is None:
            return None
        if not applies:
            return False
        if self.holders.get(key, set()) - {marker}:
            return True
        return False if key in self.loaded else None

    def accept(self, instance, marker, values) -> None:
        key = self.key(instance)
        self._hold(marker, key if key is not None and self.applies(values) else None)

    def error(self, instance) -> ValidationError:
        """The message Django gives for this rule."""
        if self.constraint is None:
            return instance.unique_error_message(self.model, self.unique_check)
        constraint = self.constraint
        if constraint.violation_error_message == constraint.default_violation_error_message and (
            constraint.condition is None
        ):
            message = instance.unique_error_message(self.model, constraint.fields)
            return ValidationError(message, code=message.code)
        return ValidationError(
            constraint.get_violation_error_message(), code=constraint.violation_error_code
        )


class FileValidator:
    """``full_clean`` for the records of one file: same rules, same messages, few queries."""

    def __init__(self, model):
        self.model = model
        opts = model._meta
        # Inheritance and unique_for_date are rare enough to leave to Django itself.
        self.simple = not opts.parents and not any(
            f.unique_for_date or f.unique_for_month or f.unique_for_year for f in opts.local_fields
        )
        self.unique_rules = []
        self.constraint_rules = {}
        if self.simple:
            for field in opts.local_fields:
                if field.unique and not field.primary_key:
                    self.unique_rules.append(
                        _UniqueRule(model, [field.name], unique_check=(field.name,))
                    )
            for names in opts.unique_together:
                self.unique_rules.append(_UniqueRule(model, names, unique_check=tuple(names)))
            for constraint in opts.constraints:
                if (
                    isinstance(constraint, models.UniqueConstraint)
                    and constraint.fields
                    and constraint.nulls_distinct is not False
                ):
                    self.constraint_rules[constraint.name] = _UniqueRule(
                        model,
                        constraint.fields,
                        condition=constraint.condition,
                        constraint=constraint,
                    )

    def rules(self):
        return [*self.unique_rules, *self.constraint_rules.values()]

    def load(self, records: list[dict]) -> None:
        """Read, in a few queries, the records that hold the values of ``records`` (field name →
        value, one dict per row of the file, a related record by itself or its id) for every
        unique rule whose fields they all give."""
        for rule in self.rules():
            keys = set()
            for record in records:
                if all(name in record for name in rule.fields):
                    values = tuple(_id(record[name]) for name in rule.fields)
                    if None not in values:
                        keys.add(values)
            if keys:
                rule.load(keys)

    def full_clean(self, instance, *, exclude=(), trusted=()) -> None:
        """``instance.full_clean(exclude)``, with the foreign keys named in ``trusted`` taken as
        they are when set."""
        if not self.simple:
            instance.full_clean(exclude=exclude)
            return
        exclude = set(exclude)
        errors = {}
        skip = {name for name in trusted if _set_and_plain(instance, name)}
        try:
            instance.clean_fields(exclude=exclude | skip)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        try:
            instance.clean()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        exclude |= {name for name in errors if name != NON_FIELD_ERRORS}
        values = self._values(instance, exclude)
        for rule in self.unique_rules:
            if exclude.isdisjoint(rule.fields):
                self._check_unique(instance, rule, values, errors)
        for constraint in self.model._meta.constraints:
            try:
                self._check_constraint(instance, constraint, exclude, values)
            except ValidationError as exc:
                if getattr(exc, "code", None) == "unique" and len(constraint.fields) == 1:
                    errors.setdefault(constraint.fields[0], []).append(exc)
                else:
                    errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def accept(self, instance) -> None:
        """Record that ``instance`` will be saved: a later row with its unique values conflicts."""
        if not self.simple:
            return
        marker = instance.pk if instance.pk is not None else ("new", id(instance))
        values = self._values(instance, set())
        for rule in self.rules():
            rule.accept(instance, marker, values)

    def _values(self, instance, exclude) -> dict:
        # What Django's constraints compare against (Model._get_field_expression_map).
        values = {
            field.name: getattr(instance, field.attname)
            for field in self.model._meta.local_concrete_fields
            if field.name not in exclude
        }
        if "pk" not in exclude:
            values["pk"] = instance.pk
        return values

    def _check_unique(self, instance, rule, values, errors) -> None:
        marker = instance.pk if instance.pk is not None else ("new", id(instance))
        conflict = rule.conflicts(instance, marker, values)
        if conflict is None:
            # Values not read beforehand: Django's own check of this one rule, in the database.
            others = {f.name for f in self.model._meta.local_fields} - set(rule.fields)
            try:
                instance.validate_unique(exclude=others)
            except ValidationError as exc:
                exc.update_error_dict(errors)
        elif conflict:
            key = rule.fields[0] if len(rule.fields) == 1 else NON_FIELD_ERRORS
            errors.setdefault(key, []).append(rule.error(instance))

    def _check_constraint(self, instance, constraint, exclude, values) -> None:
        rule = self.constraint_rules.get(constraint.name)
        if rule is not None:
            if not exclude.isdisjoint(rule.fields):
                return
            marker = instance.pk if instance.pk is not None else ("new", id(instance))
            conflict = rule.conflicts(instance, marker, values)
            if conflict:
                raise rule.error(instance)
            if conflict is False:
                return
        elif isinstance(constraint, models.CheckConstraint):
            try:
                if condition_value(constraint.condition, values) is False:
                    raise ValidationError(
                        constraint.get_violation_error_message(),
                        code=constraint.violation_error_code,
                    )
                return
            except FieldError:
                return  # an excluded field: Django skips the check too
            except Unsupported:
                pass
        constraint.validate(self.model, instance, exclude=exclude)


def having_values(queryset, attnames, keys):
    """``queryset`` narrowed to the records whose fields ``attnames`` hold one of ``keys`` (value
    tuples; None matches NULL), as a few querysets.

    The keys are grouped on all fields but the one with the most distinct values, which is
    matched with IN: a file of 10,000 figures for 300 municipalities, ten indicators and four
    months becomes 40 groups of municipality ids rather than 10,000 conditions (each condition
    costs the ORM more time to build than the database to check).
    """
    keys = list(keys)
    if not keys:
        return
    spread = max(range(len(attnames)), key=lambda i: len({key[i] for key in keys}))
    groups = defaultdict(list)
    for key in keys:
        groups[key[:spread] + key[spread + 1 :]].append(key[spread])
    others = attnames[:spread] + attnames[spread + 1 :]
    conditions = []
    room = CHUNK - len(others)
    for fixed, values in groups.items():
        for start in range(0, len(values), room):
            chunk = values[start : start + room]
            condition = Q(**dict(zip(others, fixed, strict=True)))
            non_null = [value for value in chunk if value is not None]
            spread_match = Q(**{f"{attnames[spread]}__in": non_null}) if non_null else Q(pk=None)
            if len(non_null) < len(chunk):
                spread_match |= Q(**{f"{attnames[spread]}__isnull": True})
            conditions.append((condition & spread_match, len(others) + len(chunk)))
    batch, parameters = [], 0
    for condition, count in conditions:
        if batch and parameters + count > CHUNK:
            yield _any_of(queryset, batch)
            batch, parameters = [], 0
        batch.append(condition)
        parameters += count
    yield _any_of(queryset, batch)


def _any_of(queryset, conditions):
    # No ordering: the model's default one would join tables for nothing.
    return queryset.filter(Q(*conditions, _connector=Q.OR)).order_by()


def _id(value):
    return value.pk if isinstance(value, models.Model) else value


def _set_and_plain(instance, name) -> bool:
    """A foreign key that is set and has no limit_choices_to: checking it only reads whether the
    related record exists."""
    field = instance._meta.get_field(name)
    return (
        isinstance(field, models.ForeignKey)
        and getattr(instance, field.attname) is not None
        and not field.get_limit_choices_to()
    )
