"""Maintained counts: a small table of figures per key (a unit and a month, a unit and a year and a status) that the
database keeps equal to the rows of a large table, for pages that show totals over hundreds of thousands of rows.

A ``CountSpec`` names the source table, the count table, the key columns and the counted columns, each as one SQL
expression of a source row per database. From it come:

- the triggers (SQLite) or the trigger function (PostgreSQL) that add a row's figures to its key when the row is
  inserted, take them away when it is deleted, and move them when an update changes a watched column — in the
  writing transaction, whatever wrote the row (a service, a queryset ``update()``, a bulk load, a migration);
- ``rebuild``: the whole count table again from the source, in one ``INSERT … SELECT … GROUP BY`` (a migration that
  creates the table, a bulk load that set the triggers aside, a repair);
- ``differences``: the keys where the count table and the source disagree (tests, ``danvan counts --check``).

Counts are never decremented below what the source holds: the count table is the source grouped, nothing else. A
page reads it through the ORM like any model, with the same scope and filters as the list behind its figure.

SQLite drops a table's triggers when Django rebuilds the table in a migration (a field with a default, a changed
constraint): such a migration must call ``install`` and ``rebuild`` again (``tests/test_counts.py`` fails when a
trigger is missing after all migrations).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CountSpec:
    source: str  # the large table
    target: str  # the count table: an ``id`` primary key, the key columns (unique together) and the counted columns
    # column of the count table -> (SQLite expression, PostgreSQL expression) of a source row, written with ``{r}``
    # for the row ("new", "old", or the source table's alias in a rebuild)
    keys: dict[str, tuple[str, str]]
    counts: dict[str, tuple[str, str]]  # each expression is 0 or 1 for one row
    watched: tuple[str, ...]  # the source columns the keys and counts read

    def _exprs(self, columns: dict[str, tuple[str, str]], vendor: str, row: str) -> list[str]:
        i = 0 if vendor == "sqlite" else 1
        return [pair[i].format(r=row) for pair in columns.values()]

    def _add(self, vendor: str, row: str) -> str:
        cols = [*self.keys, *self.counts]
        values = self._exprs(self.keys, vendor, row) + self._exprs(self.counts, vendor, row)
        alias = "" if vendor == "sqlite" else " AS t"
        own = "" if vendor == "sqlite" else "t."
        sets = ", ".join(f"{c} = {own}{c} + excluded.{c}" for c in self.counts)
        return (
            f"INSERT INTO {self.target}{alias} ({', '.join(cols)}) VALUES ({', '.join(values)}) "
            f"ON CONFLICT ({', '.join(self.keys)}) DO UPDATE SET {sets}"
        )

    def _take(self, vendor: str, row: str) -> str:
        counted = zip(self.counts, self._exprs(self.counts, vendor, row), strict=True)
        keyed = zip(self.keys, self._exprs(self.keys, vendor, row), strict=True)
        sets = ", ".join(f"{c} = {c} - ({e})" for c, e in counted)
        where = " AND ".join(f"{c} = {e}" for c, e in keyed)
        return f"UPDATE {self.target} SET {sets} WHERE {where}"

    def _changed(self, vendor: str) -> str:
        op = "IS NOT" if vendor == "sqlite" else "IS DISTINCT FROM"
        return " OR ".join(f"OLD.{c} {op} NEW.{c}" for c in self.watched)

    @property
    def trigger_names(self) -> set[str]:
        return {f"{self.target}_ai", f"{self.target}_ad", f"{self.target}_au"}

    def install_sql(self, vendor: str) -> list[str]:
        """Statements creating (or replacing) the triggers; safe to run again."""
        t = self.target
        if vendor == "sqlite":
            new, take_old = self._add(vendor, "NEW"), self._take(vendor, "OLD")
            return [
                f"CREATE TRIGGER IF NOT EXISTS {t}_ai AFTER INSERT ON {self.source} BEGIN {new}; END",
                f"CREATE TRIGGER IF NOT EXISTS {t}_ad AFTER DELETE ON {self.source} BEGIN {take_old}; END",
                f"CREATE TRIGGER IF NOT EXISTS {t}_au AFTER UPDATE OF {', '.join(self.watched)} ON {self.source} "
                f"WHEN {self._changed(vendor)} BEGIN {take_old}; {new}; END",
            ]
        return [
            f"CREATE OR REPLACE FUNCTION {t}_apply() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP <> 'INSERT' THEN {self._take(vendor, 'OLD')}; END IF; "
            f"IF TG_OP <> 'DELETE' THEN {self._add(vendor, 'NEW')}; END IF; "
            "RETURN NULL; END $$",
            f"DROP TRIGGER IF EXISTS {t}_ai ON {self.source}",
            f"DROP TRIGGER IF EXISTS {t}_ad ON {self.source}",
            f"DROP TRIGGER IF EXISTS {t}_au ON {self.source}",
            f"CREATE TRIGGER {t}_ai AFTER INSERT ON {self.source} FOR EACH ROW EXECUTE FUNCTION {t}_apply()",
            f"CREATE TRIGGER {t}_ad AFTER DELETE ON {self.source} FOR EACH ROW EXECUTE FUNCTION {t}_apply()",
            f"CREATE TRIGGER {t}_au AFTER UPDATE OF {', '.join(self.watched)} ON {self.source} FOR EACH ROW "
            f"WHEN ({self._changed(vendor)}) EXECUTE FUNCTION {t}_apply()",
        ]

    def uninstall_sql(self, vendor: str) -> list[str]:
        drops = [f"DROP TRIGGER IF EXISTS {name}" for name in sorted(self.trigger_names)]
        if vendor == "sqlite":
            return drops
        return [f"{d} ON {self.source}" for d in drops] + [f"DROP FUNCTION IF EXISTS {self.target}_apply()"]

    def grouped_sql(self, vendor: str) -> str:
        """The source grouped by the keys: what the count table must hold."""
        keys = self._exprs(self.keys, vendor, "s")
        sums = [f"SUM({e})" for e in self._exprs(self.counts, vendor, "s")]
        group = ", ".join(str(i + 1) for i in range(len(keys)))
        return f"SELECT {', '.join(keys + sums)} FROM {self.source} s GROUP BY {group}"  # noqa: S608

    def rebuild_sql(self, vendor: str) -> list[str]:
        cols = ", ".join([*self.keys, *self.counts])
        return [f"DELETE FROM {self.target}", f"INSERT INTO {self.target} ({cols}) {self.grouped_sql(vendor)}"]  # noqa: S608


_SPECS: dict[str, CountSpec] = {}


def register(spec: CountSpec) -> CountSpec:
    _SPECS[spec.target] = spec
    return spec


def specs_for(table: str) -> list[CountSpec]:
    """The count tables kept from ``table`` (datagen's bulk load rebuilds them after setting their triggers aside)."""
    return [s for s in _SPECS.values() if s.source == table]


def all_specs() -> list[CountSpec]:
    return list(_SPECS.values())


def install(spec: CountSpec, connection) -> None:
    with connection.cursor() as c:
        for sql in spec.install_sql(connection.vendor):
            c.execute(sql)


def uninstall(spec: CountSpec, connection) -> None:
    with connection.cursor() as c:
        for sql in spec.uninstall_sql(connection.vendor):
            c.execute(sql)


def rebuild(spec: CountSpec, connection) -> None:
    with connection.cursor() as c:
        for sql in spec.rebuild_sql(connection.vendor):
            c.execute(sql)


def install_and_rebuild(spec: CountSpec, connection) -> None:
    """The triggers, then the table filled from the source: a migration creating the table, a repair. Run it in one
    transaction, so that no write falls between the two."""
    install(spec, connection)
    rebuild(spec, connection)


def differences(spec: CountSpec, connection) -> list[tuple]:
    """Keys whose counts differ from the source grouped, as (key..., held counts, expected counts); [] when exact.
    Keys counted zero everywhere (every row moved away) are equal to an absent key."""
    n = len(spec.keys)
    cols = ", ".join([*spec.keys, *spec.counts])
    with connection.cursor() as c:
        c.execute(f"SELECT {cols} FROM {spec.target}")  # noqa: S608
        held = {tuple(str(v) for v in r[:n]): tuple(int(v) for v in r[n:]) for r in c.fetchall()}
        c.execute(spec.grouped_sql(connection.vendor))
        expected = {tuple(str(v) for v in r[:n]): tuple(int(v) for v in r[n:]) for r in c.fetchall()}
    zero = tuple(0 for _ in spec.counts)
    out = []
    for key in sorted(set(held) | set(expected)):
        a, b = held.get(key, zero), expected.get(key, zero)
        if a != b:
            out.append((*key, a, b))
    return out
