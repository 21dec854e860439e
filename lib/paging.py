"""Pagination whose count stops at a cap: "hơn 10.000 kết quả" instead of counting every match.

Counting all 80,000 matches of a broad search costs more than finding the first page; nobody
pages past the cap anyway — they refine the search. A text search stops counting sooner
(``SEARCH_COUNT_CAP``): confirming each match re-reads the row's text, so a count of 10.000
broad matches costs more than the page itself on PostgreSQL.

The first page is read before the count: when it holds fewer rows than a page, that is the
count, and the second query is never sent (most narrow searches and small lists).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple, cast

from django.core.paginator import InvalidPage, Paginator
from django.db.models import F, QuerySet
from django.db.models.expressions import OrderBy
from django.utils.functional import cached_property

from lib.fulltext import COUNT_CAP, SEARCH_COUNT_CAP


class KeysFirst:
    """A long filtered list whose slices are read keys first: the slice's primary keys, then only those rows.

    Asked for a page of rows with their joined names, a database joins every row that passes the filter and then
    sorts them all to keep 50. Asked for the keys alone, it answers the filter and the order from an index without
    reading a row. So a slice is two ORM queries: ``values_list("pk")`` of the filtered, ordered list, sliced; then
    ``filter(pk__in=keys).values_list(*columns)`` — none of the list's filters repeated (the keys already passed
    them; repeated, they led PostgreSQL back to joining and sorting every row that passes) — put back in the keys'
    order in Python.

    ``order``: the list's order, as ``order_by`` takes it (field names, ``F(...).asc/desc()``); end it with the key so
    that pages never overlap. ``make_row`` builds a light row from a tuple of the values of ``columns`` (names as
    ``values_list`` takes them).
    ``branches``: when ``qs`` filters on an OR (a body's cases: handled by it *or* escalated to it), querysets whose
    rows together are exactly ``qs``'s, one for each side of the OR. The keys and the count are then read as a
    ``QuerySet.union`` of the branches, each from its own index: PostgreSQL answers an OR of two indexes with a bitmap
    of rows it must then visit one by one for the order's columns, where each branch alone reads its index only.
    """

    def __init__(
        self,
        qs: QuerySet,
        columns: Sequence[str],
        make_row: Callable,
        *,
        order: Sequence[str | OrderBy],
        branches: Sequence[QuerySet] = (),
    ):
        if not order:
            raise ValueError("KeysFirst needs the list's order")
        self.qs = qs.order_by(*order)
        self.columns = tuple(columns)
        self.make_row = make_row
        self.order = tuple(order)
        self.branches = tuple(branches)

    def _union(self, *names: str) -> QuerySet:
        """The branches' rows, without repeats (a row may pass both sides of the OR), as ``values_list(*names)``."""
        first, *rest = (branch.order_by().values_list(*names) for branch in self.branches)
        return first.union(*rest)

    def _order_names(self) -> list[str]:
        """The fields the list is ordered by, which the union must select to order by them."""
        pk = self.qs.model._meta.pk
        names: list[str] = []
        for item in self.order:
            if isinstance(item, str):
                name = item.removeprefix("-")
            elif isinstance(item, OrderBy) and isinstance(item.expression, F):
                name = item.expression.name  # type: ignore[attr-defined]  # F sets .name; the stubs omit it
            else:
                raise ValueError(f"KeysFirst cannot order a union of branches by {item!r}")
            if name not in ("pk", pk.name, pk.attname, *names):
                names.append(name)
        return names

    def _keys(self) -> QuerySet:
        """The list's keys in its order (with the order's values beside them when read from the branches)."""
        if not self.branches:
            return self.qs.values_list("pk", flat=True)
        return self._union("pk", *self._order_names()).order_by(*self.order)

    def count(self) -> int:
        if self.branches:
            return self._union("pk").count()
        return self.qs.order_by().count()

    def capped_count(self, cap: int) -> int:
        """How many rows, counted to ``cap + 1`` at most."""
        listed = self._union("pk") if self.branches else self.qs.order_by().values("pk")
        return listed[: cap + 1].count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            found = self[index : index + 1]
            if not found:
                raise IndexError(index)
            return found[0]
        keys = list(self._keys()[index])
        if self.branches:
            keys = [row[0] for row in keys]
        if not keys:
            return []
        rows = self.qs.model._base_manager.filter(pk__in=keys)
        pk = self.qs.model._meta.pk
        if pk.name in self.columns:
            at = self.columns.index(pk.name)
            by_key = {row[at]: row for row in rows.values_list(*self.columns)}
        else:
            by_key = {row[0]: row[1:] for row in rows.values_list("pk", *self.columns)}
        # A row deleted between the two queries is left out rather than failing the page.
        return [self.make_row(by_key[key]) for key in keys if key in by_key]


class CappedPaginator(Paginator):
    cap = COUNT_CAP

    def __init__(self, object_list, per_page, *args, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        if cap is not None:
            self.cap = cap

    @classmethod
    def for_search(cls, object_list, per_page, query: str = "", **kwargs) -> CappedPaginator:
        """A paginator whose cap depends on whether the list is a text search."""
        return cls(object_list, per_page, cap=SEARCH_COUNT_CAP if query.strip() else None, **kwargs)

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, KeysFirst):
            return self.object_list.capped_count(self.cap)
        # Anything but KeysFirst given to this paginator is a QuerySet (the stubs only know "sliceable and sized").
        qs = cast(QuerySet, self.object_list)
        if getattr(qs.query, "count_at_least", 0) > self.cap:
            return self.cap + 1  # a text search that has seen more than the cap (lib.fulltext.search)
        return qs.order_by().values("pk")[: self.cap + 1].count()

    @property
    def count_capped(self) -> bool:
        return self.count > self.cap

    def get_page(self, number):
        if number in (None, "", 1, "1"):
            return self.page(1)  # without validate_number, which would count first
        return super().get_page(number)

    def _get_page(self, object_list, number, paginator):
        if _is_fulltext(self.object_list) and self.count_capped:
            # Broad text search: walk newest-first instead of sorting every match (lib.fulltext.TsMatch).
            object_list = object_list._chain()
            object_list.query.newest_first_walk = True
        # Paginator._get_page is Django's documented hook for a custom Page; the stubs do not declare it.
        return super()._get_page(object_list, number, paginator)  # type: ignore[misc]

    def page(self, number):
        # A text search counts first: whether it is broad decides how its page is read.
        fulltext = _is_fulltext(self.object_list)
        if number in (1, "1") and "count" not in self.__dict__ and not fulltext:
            rows = list(self.object_list[: self.per_page])
            if len(rows) < self.per_page:
                # A short first page is the whole list (said as "more than the cap" past it).
                self.__dict__["count"] = min(len(rows), self.cap + 1)
                return self._get_page(rows, 1, self)
            if not self.count_capped and self.per_page + self.orphans >= self.count > len(rows):
                rows = list(self.object_list[: self.count])  # the orphans join the first page
            return self._get_page(rows, 1, self)
        # Paginator.page cuts the last page at ``count``; a capped count is not the end of the list.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if not self.count_capped and top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.object_list[bottom:top], number, self)


class CappedCount(NamedTuple):
    """A count that stopped at ``cap``: shown as "Hơn {cap}" when ``capped``."""

    value: int
    cap: int

    @property
    def capped(self) -> bool:
        return self.value > self.cap


def capped_count(qs: QuerySet, cap: int | None = None) -> CappedCount:
    """How many rows ``qs`` has, counted to ``cap + 1`` at most (``COUNT_CAP`` by default): the count a page shows
    without a list beside it."""
    cap = COUNT_CAP if cap is None else cap
    return CappedCount(qs.order_by().values("pk")[: cap + 1].count(), cap)


def _is_fulltext(object_list) -> bool:
    return getattr(getattr(object_list, "query", None), "fulltext", False)


__all__ = ["CappedCount", "CappedPaginator", "InvalidPage", "KeysFirst", "capped_count"]
