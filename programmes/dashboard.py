"""Programmes' panel on the dashboards (registered in dashboards.apps: this module sits below the dashboards and
returns plain dicts with a tile's keys): the tasks of the bodies of the dashboard's unit, open, overdue and due within
a week today, one query; each opens the list of the same tasks (``programmes:area_queue``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode

from programmes import selectors

TILES = (
    ("open", "Nhiệm vụ đang thực hiện (hôm nay)"),
    ("overdue", "Nhiệm vụ quá hạn"),
    ("due", f"Nhiệm vụ đến hạn trong {selectors.DUE_DAYS} ngày"),
)


def collect(view) -> list[dict]:
    counts = selectors.area_counts(view.user, view.unit, today=view.today)
    unit = {"don_vi": view.unit.code} if view.unit is not None else {}
    base = reverse("programmes:area_queue")
    return [
        {"key": f"programmes_{state}", "label": label, "value": counts[state],
         "url": base + "?" + urlencode({**unit, "state": state}), "attention": state == "overdue" and counts[state] > 0}
        for state, label in TILES
    ]  # fmt: skip
