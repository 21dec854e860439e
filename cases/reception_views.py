"""Pages for reception days: officers manage rules and sessions; citizens read the schedule."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases import reception
from cases.forms import current_unit
from cases.meeting_forms import ScheduleForm, SessionForm
from cases.meeting_models import SessionStatus
from cases.models import Case
from cases.selectors import LIST_COLUMNS
from lib.errors import ServiceError
from lib.params import COLUMN_INT_MAX, page_int


@login_required
def sessions(request):
    today = timezone.localdate()
    orgs = list(reception.managed_organizations(request.user))
    schedule_form = ScheduleForm(organizations=orgs, prefix="lich")
    session_form = SessionForm(organizations=orgs, prefix="buoi")
    if request.method == "POST":
        try:
            if request.POST.get("form") == "schedule":
                schedule_form = ScheduleForm(request.POST, organizations=orgs, prefix="lich")
                if schedule_form.is_valid():
                    data = schedule_form.cleaned_data
                    reception.reception_schedule_create(by=request.user, **data)
                    messages.success(request, "Đã thêm lịch tiếp công dân định kỳ và lên lịch các buổi sắp tới.")
                    return redirect("cases:reception")
            elif request.POST.get("form") == "session":
                session_form = SessionForm(request.POST, organizations=orgs, prefix="buoi")
                if session_form.is_valid():
                    reception.reception_session_create(by=request.user, **session_form.cleaned_data)
                    messages.success(request, "Đã thêm buổi tiếp công dân.")
                    return redirect("cases:reception")
        except ServiceError as e:
            messages.error(request, e.message)
    since, until = today - dt.timedelta(days=30), today + dt.timedelta(days=28)
    rows = list(reception.session_list(request.user, date_from=since, date_to=until)[:300])
    return render(
        request,
        "cases/reception/list.html",
        {
            "sessions": rows,
            "schedules": reception.schedules_visible_to(request.user)
            .filter(is_active=True)
            .select_related("organization")
            .order_by("organization__name", "id")[:100],
            "warnings": reception.coverage_warnings(orgs, today=today),
            "schedule_form": schedule_form,
            "session_form": session_form,
            "can_manage": bool(orgs),
            "today": today,
        },
    )


@login_required
def session_detail(request, pk: int):
    session = reception.get_session_for_user(request.user, pk)
    cases = (
        Case.objects.filter(reception_session=session)
        .select_related("organization", "unit", "topic", "escalated_to")
        .only(*LIST_COLUMNS)
        .order_by("id")
    )
    return render(
        request,
        "cases/reception/detail.html",
        {
            "session": session,
            "cases": cases,
            "can_manage": reception.can_manage_org(request.user, session.organization),
            "today": timezone.localdate(),
            "SessionStatus": SessionStatus,
        },
    )


@login_required
@require_POST
def session_act(request, pk: int, action: str):
    session = reception.get_session_for_user(request.user, pk)
    try:
        if action == "hold":
            visitors = page_int(request.POST, "visitors", minimum=0, maximum=COLUMN_INT_MAX)
            if visitors is None and request.POST.get("visitors"):
                raise ServiceError("Số lượt công dân phải là số từ 0 trở lên.")
            reception.reception_session_hold(
                session=session, by=request.user, visitors=visitors or 0, note=request.POST.get("note", "")
            )
            messages.success(request, "Đã ghi nhận buổi tiếp công dân.")
        elif action == "cancel":
            reception.reception_session_cancel(session=session, by=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, "Đã tạm hoãn buổi tiếp; lịch công khai sẽ ghi rõ lý do.")
        else:
            raise ServiceError("Thao tác không hợp lệ.")
    except ServiceError as e:
        messages.error(request, e.message)
    return redirect("cases:reception_session", pk=pk)


@login_required
@require_POST
def schedule_end(request, pk: int):
    schedule = reception.get_schedule_for_user(request.user, pk)
    try:
        last_day = dt.date.fromisoformat(request.POST.get("last_day") or timezone.localdate().isoformat())
        reception.reception_schedule_end(
            schedule=schedule, by=request.user, last_day=last_day, reason=request.POST.get("reason", "")
        )
        messages.success(request, "Đã ngừng lịch tiếp công dân định kỳ.")
    except ValueError:
        messages.error(request, "Ngày không hợp lệ.")
    except ServiceError as e:
        messages.error(request, e.message)
    return redirect("cases:reception")


def public_schedule(request):
    """The published schedule: bodies, leaders, places and times — nothing about citizens."""
    code = request.GET.get("don-vi", "")[:10]
    unit = current_unit(code) if code else None
    return render(
        request,
        "cases/public/reception.html",
        {
            "sessions": reception.public_schedule(unit=unit),
            "unit": unit,
            "code": code,
            "SessionStatus": SessionStatus,
        },
    )
