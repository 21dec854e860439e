"""Query parameters and body fields bounded at the edge.

SQLite cannot bind an integer past 2⁶³ − 1 and Django guards only plain integer lookups, not a
foreign key's: ``?organization=50709995031252303872`` reached the driver and answered 500. Every
integer the API reads from a query string goes through :func:`query_int`, every integer body
field is a :class:`BoundedIntegerField`: out of range is a 400 with the API's error shape.
"""

from __future__ import annotations

import datetime as dt

from rest_framework import serializers

from lib.errors import ServiceError

DB_INT_MAX = 2**63 - 1  # the largest integer both SQLite and PostgreSQL (bigint) store
DB_INT_MIN = -(2**63) + 1
# A count stored in an IntegerField or PositiveIntegerField column: PostgreSQL's integer is 32 bits.
COLUMN_INT_MAX = 2**31 - 1


class BoundedIntegerField(serializers.IntegerField):
    """An IntegerField whose default range is what the database can hold."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", DB_INT_MIN)
        kwargs.setdefault("max_value", DB_INT_MAX)
        super().__init__(**kwargs)


class _TextOnly:
    """DRF's CharField turns a number into text (0 → "0"); a field documented as a string takes only a string."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError("Phải là một chuỗi ký tự.", code="not_text")
        return super().to_internal_value(data)  # type: ignore[misc]


class TextField(_TextOnly, serializers.CharField):
    pass


class CodeField(_TextOnly, serializers.SlugField):
    pass


def query_int(params, name: str, *, minimum: int = DB_INT_MIN, maximum: int = DB_INT_MAX) -> int | None:
    """The integer query parameter ``name`` (None when absent or empty), or ServiceError (400)."""
    value = params.get(name)
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except ValueError as e:
        raise ServiceError(f"Tham số “{name}” phải là số nguyên.", extra={name: value[:100]}) from e
    if not minimum <= number <= maximum:
        raise ServiceError(
            f"Tham số “{name}” nằm ngoài khoảng cho phép ({minimum} đến {maximum}).", extra={name: value[:100]}
        )
    return number


def query_date(params, name: str) -> dt.date | None:
    """The date query parameter ``name`` written YYYY-MM-DD (None when absent or empty), or ServiceError (400)."""
    value = params.get(name)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise ServiceError(f"Tham số “{name}” phải là ngày dạng YYYY-MM-DD.", extra={name: value[:100]}) from e


def query_choice(params, name: str, choices) -> str:
    """The query parameter ``name`` if it is one of ``choices`` ("" when absent), or ServiceError (400):
    a value outside the documented enum is an error, not a silently ignored filter."""
    value = params.get(name, "")
    if value and value not in choices:
        raise ServiceError(f"Tham số “{name}” phải là một trong: {', '.join(choices)}.", extra={name: value[:100]})
    return value


def page_int(params, name: str, *, minimum: int = DB_INT_MIN, maximum: int = DB_INT_MAX) -> int | None:
    """The integer parameter ``name`` of a page's query or form, or None when it is absent, not an integer or out of
    range: a page ignores a filter it cannot use (its form shows what applies) where the API answers 400."""
    value = (params.get(name) or "").strip()
    try:
        number = int(value)
    except ValueError:
        return None
    return number if minimum <= number <= maximum else None
