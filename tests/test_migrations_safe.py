"""Zero-downtime rule (docs/deploy.md): a migration written from now on must not lock a large table while it runs.

On the tables below (the ones that reach millions of rows at national scale: benchmarks/README.md) a new migration
may not add an index or a constraint with the ordinary operations — ``lib.migrations.AddIndexConcurrently`` in a
migration with ``atomic = False`` builds it without blocking writes — and may not alter or rename a column (a type
change rewrites the table under an exclusive lock) unless the migration says why it is safe in
``zero_downtime = "…"`` (e.g. "only the choices' labels change"). Migrations that existed when the rule was adopted
are listed in ``ADOPTED`` and not re-checked: they ran on empty or small databases.
"""

from __future__ import annotations

from django.db import migrations
from django.db.migrations.loader import MigrationLoader

from lib.migrations import AddIndexConcurrently, RemoveIndexConcurrently

LARGE_TABLES = {
    ("cases", "case"),
    ("cases", "caseevent"),
    ("cases", "petitioner"),
    ("cases", "answer"),
    ("cases", "attachment"),
    ("cases", "submission"),
    ("cases", "lookupcount"),
    ("audit", "auditevent"),
    ("notifications", "notification"),
    ("practices", "practice"),
    ("practices", "practiceevent"),
    ("reports", "value"),
    ("reports", "report"),
    ("reports", "reportevent"),
    ("reports", "rollupvalue"),
}
# The last migration of each app when the rule was adopted: later ones are checked.
ADOPTED = {
    "cases": 17,
    "meetings": 1,
    "audit": 2,
    "notifications": 1,
    "practices": 5,
    "reports": 6,
    "emulation": 2,
    "geo": 1,
    "orgs": 4,
}
LOCKING = (
    migrations.AddIndex,
    migrations.AddConstraint,
    migrations.RemoveIndex,
    migrations.AlterField,
    migrations.RenameField,
    migrations.AlterUniqueTogether,
    migrations.AlterIndexTogether,
)


def _number(name: str) -> int:
    head = name.split("_", 1)[0]
    return int(head) if head.isdigit() else 0


def problems(graph_nodes) -> list[str]:
    found = []
    for (app, name), migration in graph_nodes.items():
        if app not in ADOPTED or _number(name) <= ADOPTED[app]:
            continue
        if getattr(migration, "zero_downtime", ""):
            continue
        concurrent = False
        for operation in migration.operations:
            model = getattr(operation, "model_name", None) or getattr(operation, "name", "")
            if (app, str(model).lower()) not in LARGE_TABLES:
                continue
            if isinstance(operation, AddIndexConcurrently | RemoveIndexConcurrently):
                concurrent = True
                continue
            if isinstance(operation, LOCKING):
                found.append(f"{app}.{name}: {type(operation).__name__} on {model} locks a large table")
        if concurrent and migration.atomic:
            found.append(f"{app}.{name}: a concurrent index needs atomic = False")
    return found


def test_new_migrations_do_not_lock_large_tables():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    assert problems(loader.disk_migrations) == []


def test_the_check_catches_an_ordinary_index_on_a_large_table():
    from django.db import models

    class Migration(migrations.Migration):
        operations = [migrations.AddIndex("case", models.Index(fields=["title"], name="case_title_idx"))]

    class Fine(migrations.Migration):
        atomic = False
        operations = [AddIndexConcurrently("case", models.Index(fields=["title"], name="case_title_idx"))]

    assert problems({("cases", "0099_x"): Migration("0099_x", "cases")}) == [
        "cases.0099_x: AddIndex on case locks a large table"
    ]
    assert problems({("cases", "0099_x"): Fine("0099_x", "cases")}) == []
    Fine.atomic = True
    assert problems({("cases", "0099_x"): Fine("0099_x", "cases")}) == [
        "cases.0099_x: a concurrent index needs atomic = False"
    ]
