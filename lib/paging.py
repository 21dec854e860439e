"""Pagination whose count stops at a cap: "hơn 10.000 kết quả" instead of counting every match.

Counting all 80,000 matches of a broad search costs more than finding the first page; nobody
pages past the cap anyway — they refine the search. A text search stops counting sooner
(``SEARCH_COUNT_CAP``): confirming each match re-reads the row's text, so a count of 10.000
broad matches costs more than the page itself on PostgreSQL.

The first page is read before the count: when it holds fewer rows than a page, that is the
count, and the second query is never sent (most narrow searches and small lists).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from django.core.exceptions import EmptyResultSet
from django.core.paginator import InvalidPage, Paginator
from django.db import connections
from django.db.models import F, QuerySet
from django.db.models.expressions import OrderBy, RawSQL
from django.db.models.sql.compiler import SQLCompiler
from django.utils.functional import cached_property

from lib.db import prepared_cursor
from lib.fulltext import COUNT_CAP, SEARCH_COUNT_CAP


class KeysFirst:
    """A long filtered list whose slices are read keys first: the slice's keys alone, then only those rows.

    Asked for a page of rows with their joined names, a database joins every row that passes the filter and then
    sorts them all to keep 50 (SQLite: Hà Nội's 2,800 overdue cases joined to four tables, 3.5 ms). Asked for the
    keys, it answers the filter and the order from an index without reading a row, and joins only the page's rows.
    One statement, ``id IN (the slice's keys)``: the outer query repeats none of the filters, which the keys already
    passed (repeated, they led PostgreSQL back to joining and sorting every overdue case of the province).

    ``make_row`` builds a light row from a tuple of the values of ``columns`` (names as ``values_list`` takes them).
    ``prepared``: the slice and the count run as prepared, generically planned statements (``lib.db``), for a list
    whose best plan does not depend on the values its filter binds.
    ``branches``: when ``qs`` filters on an OR (a body's cases: handled by it *or* escalated to it), querysets whose
    rows together are exactly ``qs``'s, one for each side of the OR. The keys and the count are then read as a UNION
    of the branches, each from its own index: PostgreSQL answers an OR of two indexes with a bitmap of rows it must
    then visit one by one for the order's columns (Hà Nội's Ban: 2,800 open cases, 2,700 table pages, 6 ms for the
    keys and again for the count), where each branch alone reads its index only (1.9 and 1.6 ms).
    """

    def __init__(
        self,
        qs: QuerySet,
        columns: Sequence[str],
        make_row: Callable,
        *,
        prepared: bool = False,
        branches: Sequence[QuerySet] = (),
    ):
        self.qs = qs
        self.columns = tuple(columns)
        self.make_row = make_row
        self.prepared = prepared
        self.branches = tuple(branches)

    def _cursor(self):
        return prepared_cursor(self.qs.db) if self.prepared else connections[self.qs.db].cursor()

    def _union(self, *names: str) -> QuerySet:
        """The branches' rows, without repeats (a row may pass both sides of the OR), as ``values_list(*names)``."""
        first, *rest = (branch.order_by().values_list(*names) for branch in self.branches)
        return first.union(*rest)

    def _order_names(self) -> list[str]:
        """The fields the list is ordered by, which the union must select to order by them."""
        pk = self.qs.model._meta.pk
        if not self.qs.query.order_by:  # a model's default order does not carry over to a union
            raise ValueError("KeysFirst needs the list's order given by order_by() to read it as a union of branches")
        names = []
        for item in self.qs.query.order_by:
            if isinstance(item, str):
                name = item.removeprefix("-")
            elif isinstance(item, OrderBy) and isinstance(item.expression, F):
                name = item.expression.name
            else:
                raise ValueError(f"KeysFirst cannot order a union of branches by {item!r}")
            if name not in ("pk", pk.name, pk.attname, *names):
                names.append(name)
        return names

    def _keys(self, index: slice) -> tuple[str, tuple]:
        """The compiled statement of a slice's keys."""
        if not self.branches:
            return self.qs.values("pk")[index].query.get_compiler(self.qs.db).as_sql()
        ordered = self._union("pk", *self._order_names()).order_by(*self.qs.query.order_by)[index]
        sql, params = ordered.query.get_compiler(self.qs.db).as_sql()
        return f'SELECT slice_keys."pk" FROM ({sql}) slice_keys', params  # noqa: S608 -- compiled by Django

    def count(self) -> int:
        if self.branches:
            return self._union("pk").count()
        return self.qs.order_by().count()

    def capped_count(self, cap: int) -> int:
        """How many rows, counted to ``cap + 1`` at most.

        The statement Django writes for ``[: cap + 1].count()``, written around the compiled keys query: Django
        builds that aggregation anew on every call, ~0.3 ms of Python a page (as much as the count itself)."""
        listed = self._union("pk") if self.branches else self.qs.order_by().values("pk")
        try:
            sql, params = listed[: cap + 1].query.get_compiler(self.qs.db).as_sql()
        except EmptyResultSet:  # a filter nothing can pass (an empty IN list): Django sends nothing either
            return 0
        with self._cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) listed", params)  # noqa: S608 -- compiled by Django
            return cursor.fetchone()[0]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            found = self[index : index + 1]
            if not found:
                raise IndexError(index)
            return found[0]
        try:
            keys_sql, params = self._keys(index)
        except EmptyResultSet:  # a filter nothing can pass: Django sends nothing either
            return []
        prefix, suffix, compiler = self._outer()
        with self._cursor() as cursor:
            cursor.execute(prefix + keys_sql + suffix, params)
            fetched = cursor.fetchall()
        # Values converted as Django converts them (SQLite's dates, say), by the compiler of the outer statement.
        return [self.make_row(values) for values in compiler.results_iter([fetched], tuple_expected=True)]

    def _outer(self) -> tuple[str, str, SQLCompiler]:
        """The statement around the slice's keys — ``SELECT columns FROM … WHERE pk IN (`` keys ``) ORDER BY …`` —,
        compiled once per model, columns, order and database: its shape never changes, and building and compiling it
        was a third of the overdue queue page's own time (SQLite: 0.5 + 0.4 ms of the page's 3 ms)."""
        key = (self.qs.model, self.columns, tuple(self.qs.query.order_by), self.qs.db)  # expressions hash by identity
        outer = _outer.statements.get(key)
        if outer is None:
            template = self.qs.model._base_manager.filter(pk__in=RawSQL(_KEYS, ()))  # noqa: S611 -- a fixed marker
            template = template.order_by(*self.qs.query.order_by).values_list(*self.columns)
            compiler = template.query.get_compiler(self.qs.db)
            sql, params = compiler.as_sql()
            prefix, marker, suffix = sql.partition(_KEYS)
            if params or not marker or _KEYS in suffix:
                raise ValueError(f"KeysFirst cannot write the statement around the keys: {sql}")
            outer = _outer.statements[key] = (prefix, suffix, compiler)
        return outer


_KEYS = "__danvan_keys__"  # where the slice's keys go in the outer statement (never part of compiled SQL)


class _OuterStatements(threading.local):
    """Per thread, as Django's connections are: a kept compiler converts values with its own thread's connection."""

    def __init__(self):
        self.statements: dict[tuple, tuple[str, str, SQLCompiler]] = {}


_outer = _OuterStatements()


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
        if getattr(self.object_list.query, "count_at_least", 0) > self.cap:
            return self.cap + 1  # a text search that has seen more than the cap (lib.fulltext.search)
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

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
        return super()._get_page(object_list, number, paginator)

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


def _is_fulltext(object_list) -> bool:
    return getattr(getattr(object_list, "query", None), "fulltext", False)


__all__ = ["CappedPaginator", "InvalidPage", "KeysFirst"]
