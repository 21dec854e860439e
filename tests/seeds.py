"""The rows the data migrations write, written again after a live-server test's flush emptied the tables.

A ``transaction=True`` test (every browser test) ends with a flush, which also removes what the migrations seeded:
organisation types and which of them decide complaints, topics, indicators and which are computed, rubric labels,
disclosure categories, contribution kinds. A later test on the same database would then run on other rules than a
fresh one (typed figures where the form computes them, complaints routed to bodies that may not decide them). Keep
this list in the migrations' order when a data migration is added."""

from __future__ import annotations

import importlib

SEEDS = [
    ("orgs.migrations.0002_seed_organization_types", "seed"),
    ("orgs.migrations.0006_complaint_competence", "seed"),
    ("cases.migrations.0003_seed_topics", "seed"),
    ("reports.migrations.0002_seed_indicators_and_rules", "seed"),
    ("reports.migrations.0003_case_indicators_automatic", "make_automatic"),
    ("reports.migrations.0004_meeting_indicators_automatic", "make_automatic"),
    ("practices.migrations.0009_rubric_versions_and_labels", "seed_labels"),
    ("democracy.migrations.0002_seed_categories_parameters_rules", "seed"),
    ("democracy.migrations.0003_report_indicators_automatic", "make_automatic"),
    ("programmes.migrations.0002_seed_contribution_kinds_and_indicators", "seed"),
]


def reseed_after_flush() -> None:
    """Write the migrations' rows again when a flush removed them (a fresh database keeps its own)."""
    from django.apps import apps

    from orgs.models import OrganizationType

    if OrganizationType.objects.exists():
        return
    for module, function in SEEDS:
        getattr(importlib.import_module(module), function)(apps, None)
