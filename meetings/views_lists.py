"""The lists behind a dashboard's meeting figures (``meetings.lists``): reception days held, dialogues held in a
period, open or overdue commitments, in a unit's subtree (``don_vi``) inside the viewer's scope."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from geo.models import AdminUnit
from geo.selectors import unit_on
from lib.paging import CappedPaginator
from meetings import lists
from orgs.scope import scope_for

PER_PAGE = 50
SESSION_COLUMNS = ("id", "date", "start_time", "leader_title", "leader_name", "place", "visitors", "organization__name")
DIALOGUE_COLUMNS = ("id", "held_on", "title", "status", "participants", "organization__name", "unit__name")
COMMITMENT_COLUMNS = ("id", "text", "deadline", "dialogue_id", "dialogue__title", "owner__name")


def _day(request, name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.GET.get(name, "").strip()[:10])
    except ValueError:
        return None


def _filters(request) -> lists.MeetingFilters:
    """The list's filters; a unit outside the viewer's scope is a 404 (never a wider list under its name)."""
    date_from, date_to = _day(request, "tu"), _day(request, "den")
    code = request.GET.get("don_vi", "").strip()[:10]
    unit = None
    if code:
        unit = unit_on(code, date_to) or AdminUnit.objects.filter(code=code).order_by("-valid_to", "level").first()
        if unit is None or not scope_for(request.user).covers(unit):
            raise Http404("Không tìm thấy đơn vị hoặc bạn không có quyền xem.")
    return lists.MeetingFilters(unit=unit, date_from=date_from, date_to=date_to)


def _render(request, kind: str, title: str, rows, f: lists.MeetingFilters):
    page = CappedPaginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"kind": kind, "title": title, "page": page, "filters": f, "query": query.urlencode()}
    return render(request, "meetings/lists/list.html", context)


@login_required
def held_sessions(request):
    f = _filters(request)
    rows = lists.sessions_held(request.user, f).select_related("organization").only(*SESSION_COLUMNS)
    return _render(request, "sessions", "Buổi tiếp công dân đã tiếp", rows.order_by("-date", "-id"), f)


@login_required
def held_dialogues(request):
    f = _filters(request)
    rows = lists.dialogues_held(request.user, f).select_related("organization", "unit").only(*DIALOGUE_COLUMNS)
    return _render(request, "dialogues", "Hội nghị đối thoại đã tổ chức", rows.order_by("-held_on", "-id"), f)


@login_required
def open_commitments(request):
    f = _filters(request)
    overdue = request.GET.get("qua_han") == "1"
    rows = lists.commitments_open(request.user, f, today=timezone.localdate(), overdue=overdue)
    rows = rows.select_related("owner", "dialogue").only(*COMMITMENT_COLUMNS).order_by("deadline", "id")
    title = "Cam kết sau đối thoại quá hạn" if overdue else "Cam kết sau đối thoại đang thực hiện"
    return _render(request, "commitments", title, rows, f)
