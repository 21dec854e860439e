"""Citizen-reception days (tiếp công dân): recurring rules, sessions, and the published schedule.

Writes follow the cases services (``cases.handling``): keyword-only, atomic, status moves through
``audit.transitions`` (compare-and-set on the status), audited in the same transaction. Reads are
scoped through the organisation's unit; the public schedule shows bodies, leaders, places and times
only — never anything about a citizen.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from audit.models import Action as AuditAction
from audit.services import record
from audit.transitions import Workflow, transition
from lib.errors import ServiceError
from lib.vn_calendar import public_holidays
from meetings import conf
from meetings.models import (
    SESSION_TRANSITIONS,
    Frequency,
    ReceptionSchedule,
    ReceptionSession,
    SessionAction,
    SessionStatus,
)
from orgs.models import Organization, Tier
from orgs.permissions import require_acts_for, user_org_ids
from orgs.scope import scope_for

# ---------------------------------------------------------------- permissions and reads


MANAGERS_ONLY = "Bạn không thuộc cơ quan này hoặc cơ quan cấp trên nên không quản lý được lịch tiếp công dân."


def _require_manager(user, organization: Organization) -> None:
    require_acts_for(user, organization, message=MANAGERS_ONLY)


def sessions_visible_to(user) -> QuerySet[ReceptionSession]:
    return scope_for(user).filter(ReceptionSession.objects.all(), "organization__unit")


def schedules_visible_to(user) -> QuerySet[ReceptionSchedule]:
    return scope_for(user).filter(ReceptionSchedule.objects.all(), "organization__unit")


def get_session_for_user(user, pk: int) -> ReceptionSession:
    session = sessions_visible_to(user).select_related("organization__unit", "schedule").filter(pk=pk).first()
    if session is None:
        raise Http404("Không tìm thấy buổi tiếp công dân hoặc bạn không có quyền xem.")
    return session


def get_schedule_for_user(user, pk: int) -> ReceptionSchedule:
    schedule = schedules_visible_to(user).select_related("organization").filter(pk=pk).first()
    if schedule is None:
        raise Http404("Không tìm thấy lịch tiếp công dân hoặc bạn không có quyền xem.")
    return schedule


def session_list(user, *, date_from: dt.date | None = None, date_to: dt.date | None = None):
    """Sessions in the user's scope with the number of cases received at each (one query)."""
    qs = sessions_visible_to(user)
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    return qs.select_related("organization").annotate(case_count=Count("cases")).order_by("date", "start_time", "id")


def public_schedule(*, today: dt.date | None = None, days: int | None = None, unit=None, limit: int = 300):
    """Upcoming sessions (held as planned or postponed) for the public page: bodies, leaders,
    places and times only."""
    today = today or timezone.localdate()
    qs = ReceptionSession.objects.filter(
        date__gte=today,
        date__lte=today + dt.timedelta(days=days or conf.reception_horizon_days()),
        status__in=(SessionStatus.PLANNED, SessionStatus.CANCELLED),
    )
    if unit is not None:
        qs = qs.filter(Q(organization__unit=unit) | Q(organization__unit__province_id=unit.pk))
    return list(
        qs.select_related("organization__unit")
        .only(
            "id",
            "date",
            "start_time",
            "end_time",
            "leader_title",
            "leader_name",
            "place",
            "status",
            "organization__name",
            "organization__unit__name",
        )
        .order_by("date", "start_time", "id")[:limit]
    )


def coverage_warnings(organizations, *, today: dt.date | None = None) -> list[str]:
    """Bodies whose rules fall short of the law (Luật Tiếp công dân 2013, Điều 15): the commune
    chairman receives citizens at least one day a week, the province chairman one day a month."""
    today = today or timezone.localdate()
    orgs = list(organizations)
    rules = (
        ReceptionSchedule.objects.filter(organization__in=orgs, is_active=True, valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .values_list("organization_id", "frequency")
    )
    have: dict[int, set[str]] = {}
    for org_id, frequency in rules:
        have.setdefault(org_id, set()).add(frequency)
    warnings = []
    for org in orgs:
        found = have.get(org.pk, set())
        if org.tier == Tier.COMMUNE and Frequency.WEEKLY not in found:
            warnings.append(
                f"{org.name} chưa có lịch tiếp công dân hằng tuần (cấp xã: ít nhất 1 ngày mỗi tuần, "
                "Luật Tiếp công dân 2013, Điều 15)."
            )
        elif org.tier == Tier.PROVINCE and not found:
            warnings.append(f"{org.name} chưa có lịch tiếp công dân định kỳ (cấp tỉnh: ít nhất 1 ngày mỗi tháng).")
    return warnings


def managed_organizations(user) -> QuerySet[Organization]:
    """The bodies whose reception days and dialogues the user manages directly."""
    return Organization.objects.filter(pk__in=user_org_ids(user, write=True), is_active=True).order_by("name")


# ---------------------------------------------------------------- writes


def _check_hours(start_time: dt.time, end_time: dt.time) -> None:
    if end_time <= start_time:
        raise ServiceError("Giờ kết thúc phải sau giờ bắt đầu.", extra={"end_time": "before_start"})


def _audit(obj, *, by, action: str, changes: dict, reason: str = "", label: str) -> None:
    record(actor=by, action=action, obj=obj, object_repr=label, changes=changes, reason=reason)


def _session_label(session: ReceptionSession) -> str:
    return f"Buổi tiếp công dân {session.date:%d/%m/%Y} của {session.organization.name}"


@transaction.atomic
def reception_schedule_create(
    *,
    by,
    organization: Organization,
    leader_title: str,
    place: str,
    start_time: dt.time,
    end_time: dt.time,
    frequency: str = Frequency.WEEKLY,
    weekday: int | None = None,
    month_day: int | None = None,
    leader_name: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> ReceptionSchedule:
    """A recurring reception day; its sessions for the coming weeks are generated at once."""
    _require_manager(by, organization)
    today = timezone.localdate()
    valid_from = valid_from or today
    if not leader_title.strip() or not place.strip():
        raise ServiceError("Hãy nhập chức vụ người tiếp và địa điểm tiếp công dân.")
    _check_hours(start_time, end_time)
    if frequency == Frequency.WEEKLY:
        if weekday is None or not 0 <= weekday <= 6:
            raise ServiceError("Hãy chọn thứ trong tuần.", extra={"weekday": weekday})
        month_day = None
    elif frequency == Frequency.MONTHLY:
        if month_day is None or not 1 <= month_day <= 28:
            # 29–31 do not occur every month: a rule that skips months would break the law's minimum.
            raise ServiceError("Ngày trong tháng phải từ 1 đến 28.", extra={"month_day": month_day})
        weekday = None
    else:
        raise ServiceError("Kiểu lặp lại không hợp lệ.", extra={"frequency": frequency})
    if valid_to is not None and valid_to < valid_from:
        raise ServiceError("Ngày kết thúc áp dụng phải sau ngày bắt đầu.")
    schedule = ReceptionSchedule.objects.create(
        organization=organization,
        leader_title=leader_title.strip()[:200],
        leader_name=leader_name.strip()[:200],
        frequency=frequency,
        weekday=weekday,
        month_day=month_day,
        start_time=start_time,
        end_time=end_time,
        place=place.strip()[:300],
        valid_from=valid_from,
        valid_to=valid_to,
        created_by=by,
    )
    _audit(
        schedule,
        by=by,
        action=AuditAction.CREATE,
        changes={"rule": [None, schedule.rule_label], "place": [None, schedule.place]},
        label=f"Lịch tiếp công dân của {organization.name}: {schedule.rule_label}",
    )
    _generate(schedule, today=today, until=today + dt.timedelta(days=conf.reception_horizon_days()))
    return schedule


def _generate(schedule: ReceptionSchedule, *, today: dt.date, until: dt.date) -> int:
    """Create the rule's sessions from ``today`` to ``until`` (idempotent: one per rule and day).
    Public holidays are skipped: the office is closed."""
    start = max(today, schedule.valid_from)
    end = min(until, schedule.valid_to) if schedule.valid_to else until
    existing = set(
        ReceptionSession.objects.filter(schedule=schedule, date__gte=start, date__lte=end).values_list(
            "date", flat=True
        )
    )
    new = []
    day = start
    while day <= end:
        if schedule.occurs_on(day) and day not in existing and day not in public_holidays(day.year):
            new.append(
                ReceptionSession(
                    organization_id=schedule.organization_id,
                    schedule=schedule,
                    date=day,
                    start_time=schedule.start_time,
                    end_time=schedule.end_time,
                    leader_title=schedule.leader_title,
                    leader_name=schedule.leader_name,
                    place=schedule.place,
                )
            )
        day += dt.timedelta(days=1)
    try:
        with transaction.atomic():
            ReceptionSession.objects.bulk_create(new)
    except IntegrityError:
        # A concurrent run created some of these days: create the rest one by one.
        for session in new:
            session.pk = None
            try:
                with transaction.atomic():
                    session.save()
            except IntegrityError:
                continue
    return len(new)


def reception_sessions_plan(*, today: dt.date | None = None, until: dt.date | None = None) -> int:
    """Extend every active rule's sessions up to the horizon (for the daily command)."""
    today = today or timezone.localdate()
    until = until or today + dt.timedelta(days=conf.reception_horizon_days())
    created = 0
    rules = ReceptionSchedule.objects.filter(is_active=True, organization__is_active=True).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    )
    for schedule in rules:
        with transaction.atomic():
            created += _generate(schedule, today=today, until=until)
    return created


@transaction.atomic
def reception_schedule_end(*, schedule: ReceptionSchedule, by, last_day: dt.date, reason: str) -> ReceptionSchedule:
    """Stop a rule after ``last_day``; its planned sessions after that day are cancelled with the reason."""
    _require_manager(by, schedule.organization)
    if not reason.strip():
        raise ServiceError("Hãy nêu lý do thay đổi lịch tiếp công dân.")
    if last_day < timezone.localdate() - dt.timedelta(days=1):
        raise ServiceError("Không thể kết thúc lịch từ một ngày đã qua.")
    changed = ReceptionSchedule.objects.filter(pk=schedule.pk, is_active=True).update(
        is_active=False, valid_to=last_day
    )
    if not changed:
        raise ServiceError("Lịch này đã ngừng áp dụng.", status_code=409)
    cancelled = ReceptionSession.objects.filter(
        schedule=schedule, status=SessionStatus.PLANNED, date__gt=last_day
    ).update(status=SessionStatus.CANCELLED, note=reason.strip(), updated_at=timezone.now())
    schedule.is_active, schedule.valid_to = False, last_day
    _audit(
        schedule,
        by=by,
        action=AuditAction.UPDATE,
        changes={"valid_to": [None, last_day], "cancelled_sessions": cancelled},
        reason=reason.strip(),
        label=f"Lịch tiếp công dân của {schedule.organization.name}: {schedule.rule_label}",
    )
    return schedule


@transaction.atomic
def reception_session_create(
    *,
    by,
    organization: Organization,
    date: dt.date,
    start_time: dt.time,
    end_time: dt.time,
    leader_title: str,
    place: str,
    leader_name: str = "",
) -> ReceptionSession:
    """A one-off session (an extra day, a leader's visit to a hamlet, a thematic reception)."""
    _require_manager(by, organization)
    if date < timezone.localdate():
        raise ServiceError("Không thể lên lịch tiếp công dân cho ngày đã qua.", extra={"date": date.isoformat()})
    if not leader_title.strip() or not place.strip():
        raise ServiceError("Hãy nhập chức vụ người tiếp và địa điểm tiếp công dân.")
    _check_hours(start_time, end_time)
    session = ReceptionSession.objects.create(
        organization=organization,
        date=date,
        start_time=start_time,
        end_time=end_time,
        leader_title=leader_title.strip()[:200],
        leader_name=leader_name.strip()[:200],
        place=place.strip()[:300],
        created_by=by,
    )
    _audit(session, by=by, action=AuditAction.CREATE, changes={"date": [None, date]}, label=_session_label(session))
    return session


SESSION_WORKFLOW = Workflow(
    model=ReceptionSession,
    moves=SESSION_TRANSITIONS,
    noun="buổi tiếp công dân",
    status_labels=dict(SessionStatus.choices),
    action_labels=dict(SessionAction.choices),
)


@transaction.atomic
def reception_session_hold(*, session: ReceptionSession, by, visitors: int = 0, note: str = "") -> ReceptionSession:
    """The session took place (on its day or later)."""
    _require_manager(by, session.organization)
    SESSION_WORKFLOW.require(session.status, SessionAction.HOLD)
    if session.date > timezone.localdate():
        raise ServiceError(f"Buổi tiếp ngày {session.date:%d/%m/%Y} chưa diễn ra.")
    if visitors < 0:
        raise ServiceError("Số lượt công dân không thể âm.")
    return transition(
        SESSION_WORKFLOW,
        session,
        action=SessionAction.HOLD,
        by=by,
        updates={"visitors": visitors, "note": note.strip()},
        audited=("visitors",),
        object_repr=_session_label(session),
    )


@transaction.atomic
def reception_session_cancel(*, session: ReceptionSession, by, reason: str) -> ReceptionSession:
    """Postpone a planned session; the public schedule shows it as postponed (the reason stays internal)."""
    _require_manager(by, session.organization)
    if not reason.strip():
        raise ServiceError("Hãy nêu lý do tạm hoãn để thông báo cho người dân.", extra={"reason": "required"})
    SESSION_WORKFLOW.require(session.status, SessionAction.CANCEL)
    if session.cases.exists():
        raise ServiceError("Buổi tiếp đã có ý kiến được ghi nhận nên không thể tạm hoãn.")
    return transition(
        SESSION_WORKFLOW,
        session,
        action=SessionAction.CANCEL,
        by=by,
        reason=reason.strip(),
        updates={"note": reason.strip()},
        audited=(),
        object_repr=_session_label(session),
    )


def check_session_for_case(*, session: ReceptionSession, by, received_on: dt.date) -> None:
    """A case recorded at a session: the session is the recorder's (or below them), not
    postponed, and took place on the day the case was received."""
    _require_manager(by, session.organization)
    if session.status == SessionStatus.CANCELLED:
        raise ServiceError("Buổi tiếp công dân này đã tạm hoãn, không ghi nhận ý kiến vào buổi này.")
    if session.date != received_on:
        raise ServiceError(
            f"Ngày nhận ({received_on:%d/%m/%Y}) phải là ngày của buổi tiếp công dân ({session.date:%d/%m/%Y})."
        )
