"""Accent-insensitive full-text matching over a model's folded ``search_text`` column.

Each vendor uses its own index (created by the owning app's migration):
- SQLite: an external-content FTS5 table named ``<table>_fts`` whose rowid is the row's id;
- PostgreSQL: a stored generated column ``search_tsv = to_tsvector('simple', search_text)`` with a
  GIN index (a stored column, so re-checking a broad search's candidates is a read, not a parse).
Other vendors fall back to substring matching, which is correct but scans.

A query matches rows containing every word, as whole words. With ``prefix=True`` the last word
also matches as a prefix ("dan van kheo dat d"), for type-ahead over short lists only: on
PostgreSQL a prefix cannot use the GIN index's fast intersection and costs many times a whole
word (benchmarks/README.md).
"""

from __future__ import annotations

import json

from django.db import connections
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from lib.vntext import fold_words

# Lists show "hơn 10.000 kết quả" instead of counting every match of a broad filter, and a text
# search "hơn 1.000 kết quả": each match it counts is confirmed against the row's text.
COUNT_CAP = 10_000
SEARCH_COUNT_CAP = 1_000


class TsMatch(RawSQL):
    """A tsvector match that a broad search's page can turn into a newest-first walk.

    Words that always go together ("giải phóng mặt bằng") make PostgreSQL estimate a few hundred
    matches where there are tens of thousands; it then fetches and sorts them all for a page of 50.
    When the capped count has shown the query is broad, the paginator sets ``newest_first_walk``
    on the page's query: the match is written so the GIN index cannot serve it, and the planner
    walks the primary key backwards, stopping at the 50th match (dense matches are near).
    """

    def as_sql(self, compiler, connection):
        sql, params = super().as_sql(compiler, connection)
        if getattr(compiler.query, "newest_first_walk", False):
            sql = f"({sql}) IS TRUE"
        return sql, params


def _fts_expression(words: list[str], prefix: bool) -> str:
    # fold_words yields only letters and digits, so quoting cannot be escaped from.
    return (" ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"' + ("*" if prefix else "")).strip()


def search(
    qs: QuerySet,
    query: str,
    *,
    column: str = "search_text",
    tsv_column: str = "search_tsv",
    prefix: bool = False,
    newest_first: bool = False,
) -> QuerySet:
    """Rows of ``qs`` matching every word of ``query``.

    ``newest_first=True`` also orders the result newest first (primary key descending) in the way
    each vendor's index reads fastest; the caller must not re-order it (see ``_sqlite_newest_first``).
    When that search has seen more matches than ``SEARCH_COUNT_CAP`` pass every filter, it says so on the
    query (``count_at_least``) and ``lib.paging.CappedPaginator`` does not count them again.
    """
    words = fold_words(query)
    if not words:
        return qs.order_by("-pk") if newest_first else qs
    table = qs.model._meta.db_table
    vendor = connections[qs.db].vendor
    if vendor == "sqlite":
        expr = _fts_expression(words, prefix)
        if newest_first:
            return _sqlite_newest_first(qs, expr)
        fts = f"{table}_fts"
        # Identifiers come from the model's metadata; the user's text is a bound parameter.
        sql = f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s"
        return qs.filter(id__in=RawSQL(sql, [expr]))  # noqa: S611
    if vendor == "postgresql":
        expr = " & ".join([*words[:-1], words[-1] + (":*" if prefix else "")])
        match = TsMatch(  # noqa: S611 -- identifiers from model metadata, text bound
            f'"{table}"."{tsv_column}" @@ to_tsquery(\'simple\', %s)', [expr], output_field=BooleanField()
        )
        matched = qs.filter(match)
        # A flag of our own on the Query (which declares no such attribute): Query.clone copies attributes, so the
        # paginator sees it on every clone.
        matched.query.fulltext = True  # type: ignore[attr-defined]
        if not newest_first:
            return matched
        # As on SQLite: one pass finds every match when there are at most SEARCH_COUNT_CAP; the page
        # and its count are then read by key. A narrow search used to evaluate the match twice (the
        # capped count, then the page: each a GIN scan and a recheck of every match's tsvector).
        found = list(matched.order_by().values_list("pk", flat=True)[: SEARCH_COUNT_CAP + 1])
        if len(found) <= SEARCH_COUNT_CAP:
            return _with_keys(qs, found).order_by("-pk")
        broad = matched.order_by("-pk")  # the paginator's newest-first walk (TsMatch)
        # Those keys passed every filter: no second walk to count them (our own flag on the Query, as above).
        broad.query.count_at_least = len(found)  # type: ignore[attr-defined]
        return broad
    condition = Q()
    for word in words:  # substring matching: prefixes and more
        condition &= Q(**{f"{column}__contains": word})
    qs = qs.filter(condition)
    return qs.order_by("-pk") if newest_first else qs


def _with_keys(qs: QuerySet, keys: list[int]) -> QuerySet:
    """``qs`` limited to ``keys``, bound as one parameter (an array on PostgreSQL, a JSON list on
    SQLite): ``pk__in`` with a thousand parameters costs Django and the driver more than the query."""
    vendor = connections[qs.db].vendor
    column = f'"{qs.model._meta.db_table}"."{qs.model._meta.pk.column}"'
    if vendor == "postgresql":
        return qs.filter(RawSQL(f"{column} = ANY(%s)", [keys], output_field=BooleanField()))  # noqa: S611
    if vendor == "sqlite":
        sql = f"{column} IN (SELECT value FROM json_each(%s))"
        return qs.filter(RawSQL(sql, [json.dumps(keys)], output_field=BooleanField()))  # noqa: S611
    return qs.filter(pk__in=keys)


# A text with at most this many matches is listed by one pass over the FTS index (see _sqlite_newest_first).
LISTED_LIMIT = SEARCH_COUNT_CAP
# A filtered list with at most this many rows is searched row by row when the text is broad: each row's key is
# probed in the FTS index (tens of microseconds for a common word's long posting lists), cheaper for a few hundred
# rows than reading a broad text's matches to the end (benchmarks/README.md has the figures).
ROW_PROBE_LIMIT = 1_500
# A filtered list with at most this many rows is read as a set of keys when the text is broad (see
# _sqlite_newest_first): reading 50,000 keys from an index is cheaper than the row reads of a walk that meets one
# of its rows every hundred matches; a longer list meets matches often enough for the walk to stop early.
ROW_SET_LIMIT = 50_000


def _newest_in(qs: QuerySet, keys: list[int], fts: str, expr: str) -> QuerySet:
    """``qs`` (whose rows' keys are ``keys``) limited to its newest SEARCH_COUNT_CAP + 1 matches of ``expr``: FTS5
    hands out its matches newest first and each is looked up in the keys (an index SQLite builds once from the
    bound list). The unary ``+`` keeps the keys from becoming FTS5 rowid lookups, one index seek per key."""
    sql = (
        f'SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH %s AND +rowid IN (SELECT value FROM json_each(%s)) '
        "ORDER BY rowid DESC LIMIT %s"
    )
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, [expr, json.dumps(keys), SEARCH_COUNT_CAP + 1])
        hits = [row[0] for row in cursor.fetchall()]
    found = _with_keys(qs, hits).order_by("-pk")
    if len(hits) > SEARCH_COUNT_CAP:
        found.query.count_at_least = len(hits)  # type: ignore[attr-defined]  # our own flag, as above
    return found


def _sqlite_newest_first(qs: QuerySet, expr: str) -> QuerySet:
    """Newest matches first on SQLite, read the cheapest of three ways.

    ``id IN (SELECT rowid FROM fts WHERE fts MATCH ?)`` makes SQLite materialise every match
    before reading the first row, all of them for a common word. Instead:
    1. one pass over the FTS index in its own order (ascending: a descending pass over sparse
       matches costs about twice as much) lists the keys of at most LISTED_LIMIT + 1 matches.
       When there are no more, that is every match: the list is the filtered rows among those keys
       (scope and filters applied to them), and the page and its count read them by key;
    2. past it the text is broad. The filtered rows' keys are read (at most ``ROW_SET_LIMIT`` + 1). At most
       ``ROW_PROBE_LIMIT`` rows (a commune's open cases) are read newest first, each probed in the FTS index by
       rowid. Up to ``ROW_SET_LIMIT`` (a province body's open cases), FTS5's rowids, newest first, are checked
       against the keys until SEARCH_COUNT_CAP + 1 have passed: the walk of 3, each step a lookup in the keys
       instead of a row read (a province body's 4,300 open cases among 135,000 matches of "đất đai" at national
       scale: probing each row, or walking the matches through the rows, took 170 ms, and again for the count);
    3. otherwise FTS5 hands out its rowids newest first and the walk stops at the page, applying
       the filters to each row it meets (a national search: 50 steps, its capped count 1.001).
    """
    model = qs.model
    table, pk = model._meta.db_table, model._meta.pk.column
    fts = f"{table}_fts"
    with connections[qs.db].cursor() as cursor:
        cursor.execute(f'SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH %s LIMIT %s', [expr, LISTED_LIMIT + 1])
        found = [row[0] for row in cursor.fetchall()]
    if len(found) <= LISTED_LIMIT:
        return _with_keys(qs, found).order_by("-pk")
    if qs.query.where:
        keys = list(qs.order_by().values_list("pk", flat=True)[: ROW_SET_LIMIT + 1])
        if len(keys) <= ROW_PROBE_LIMIT:
            probe = RawSQL(  # noqa: S611 -- identifiers from model metadata, text bound
                f'EXISTS (SELECT 1 FROM "{fts}" WHERE "{fts}" MATCH %s AND "{fts}".rowid = "{table}"."{pk}")',
                [expr],
                output_field=BooleanField(),
            )
            return qs.filter(probe).order_by("-pk")
        if len(keys) <= ROW_SET_LIMIT:
            return _newest_in(qs, keys, fts, expr)
    joined = qs.extra(  # noqa: S610 -- a join to a virtual table the ORM cannot name; text bound
        tables=[fts],
        where=[f'"{fts}".rowid = "{table}"."{pk}"', f'"{fts}" MATCH %s'],
        params=[expr],
    )
    # The ordering names the FTS table's rowid, not the primary key: SQLite lets a virtual table
    # deliver the order only for its own columns (ordering by the key equal to it sorts every match).
    joined = joined.order_by(RawSQL(f'"{fts}".rowid', ()).desc())  # noqa: S611
    if not qs.query.where:
        # Nothing filters the matches (a national search): the first pass has counted past the cap already.
        joined.query.count_at_least = len(found)  # type: ignore[attr-defined]  # our own flag, as above
    return joined
