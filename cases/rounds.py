"""The legal path of complaints and denunciations beyond one body's handling: forwarding to the body with competence,
the second-time complaint to the level above, and the verification of an unsigned denunciation's sender.

Every function is atomic and audited (``cases.history``)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from audit.models import Action as AuditAction
from audit.transitions import compare_and_set
from cases import notifications as case_notifications
from cases.access import require_handler
from cases.competence import competent_body, head_of, next_level_body
from cases.handling import case_transfer
from cases.history import SENDER, WORKFLOW, _audit, _event, move
from cases.intake import (
    IDENTITY_FIELDS,
    Contact,
    _create_case,
    _due,
    denunciation_identity_missing,
    token_matches,
)
from cases.models import Action, Case, Channel, Kind, Petitioner, Status
from cases.rules import Step
from geo.selectors import resolve_to
from lib.errors import ServiceError
from lib.vn_calendar import DEFAULT_CALENDAR

# Luật Khiếu nại 2011, Điều 33: a second-time complaint within 30 days (45 in remote areas) of the first decision,
# or of the end of the first round's limit when no decision came.
SECOND_ROUND_DAYS = 30
SECOND_ROUND_REMOTE_DAYS = 45


@transaction.atomic
def case_forward(*, case: Case, by, document: str = "", on: dt.date | None = None) -> Case:
    """A body that only receives (Party body, Front, member organisation) forwards a complaint or denunciation to the
    head of the administrative body with competence, with a record of the transfer."""
    require_handler(by, case)
    on = on or timezone.localdate()
    target = competent_body(case.unit, on)
    if target is None:
        raise ServiceError(
            f"Chưa có cơ quan hành chính nhà nước có thẩm quyền cho địa bàn {case.unit.name} trong hệ thống.",
            extra={"unit": case.unit.code},
        )
    reason = f"Chuyển đơn đến {head_of(target)} để thụ lý, giải quyết theo thẩm quyền"
    if document.strip():
        reason += f" (văn bản chuyển đơn số {document.strip()[:100]})"
    return case_transfer(case=case, by=by, to=target, reason=reason + ".", on=on)


def second_round_window(first: Case) -> tuple[dt.date | None, dt.date | None]:
    """(the day the second-round window opens, its last day) for a first-time complaint, or (None, None) while the
    first round still runs."""
    if first.answered_at is not None:
        start = timezone.localdate(first.answered_at)
    else:
        limit = first.resolve_due
        if limit is None and first.accept_due is not None:
            # Never accepted: the first round's limit is as if it had been accepted on the last day allowed.
            limit = _due(first.kind, Step.RESOLUTION, first.accept_due, first)
        if limit is None:
            return None, None
        start = limit
    days = SECOND_ROUND_REMOTE_DAYS if first.is_remote_area else SECOND_ROUND_DAYS
    # A limit whose last day is a day off ends on the next working day (Bộ luật Dân sự 2015, Điều 148).
    return start, DEFAULT_CALENDAR.add_calendar_days(start, days)


@transaction.atomic
def case_complain_again(
    *,
    first: Case,
    reason: str,
    token: str = "",
    by=None,
    channel: str = Channel.WEB,
    on: dt.date | None = None,
) -> tuple[Case, str]:
    """A second-time complaint (khiếu nại lần hai): a new case to the head of the administrative body one level up,
    linked to the first, with its own clock (Luật Khiếu nại 2011, Điều 33, 36, 37). Filed by the complainant at the
    private link (``token``) or recorded for them by an officer of the first body (``by``)."""
    if by is None:
        if not token_matches(first, token):
            raise ServiceError("Đường dẫn theo dõi không hợp lệ.", status_code=404)
        channel = Channel.WEB
    else:
        require_handler(by, first)
        if channel == Channel.WEB:
            raise ServiceError("Hình thức tiếp nhận không hợp lệ cho đơn ghi nhận thay người dân.")
    if first.kind != Kind.COMPLAINT_FIRST:
        raise ServiceError("Chỉ khiếu nại lần đầu mới có khiếu nại lần hai.", extra={"kind": first.kind})
    if not reason.strip():
        raise ServiceError("Hãy nêu lý do không đồng ý với kết quả giải quyết lần đầu.", extra={"reason": "required"})
    on = on or timezone.localdate()
    if first.second_rounds.exists():
        raise ServiceError("Khiếu nại này đã có khiếu nại lần hai.", status_code=409)
    opens, last = second_round_window(first)
    if opens is None or on <= opens and first.answered_at is None:
        raise ServiceError(
            "Khiếu nại lần đầu đang trong thời hạn giải quyết"
            + (f" (đến hết ngày {first.resolve_due:%d/%m/%Y})" if first.resolve_due else "")
            + "; chỉ khiếu nại lần hai khi đã có quyết định giải quyết lần đầu hoặc đã hết thời hạn mà chưa được "
            "giải quyết (Luật Khiếu nại 2011, Điều 33).",
            status_code=409,
        )
    assert last is not None  # noqa: S101 - set whenever opens is
    if on > last:
        raise ServiceError(
            f"Đã quá thời hạn khiếu nại lần hai (đến hết ngày {last:%d/%m/%Y}; Luật Khiếu nại 2011, Điều 33).",
            extra={"last_day": last.isoformat()},
        )
    target = next_level_body(first.organization, on)
    if target is None:
        raise ServiceError(
            f"Chưa có cơ quan hành chính cấp trên của {first.organization.name} trong hệ thống để giải quyết khiếu nại "
            "lần hai.",
        )
    units = [first.unit] if first.unit.valid_on(on) else resolve_to(first.unit, on, default_only=True)
    if not units:
        raise ServiceError(f"Không xác định được địa bàn hiện nay của {first.unit.name}.")
    unit = units[0]
    petitioner = Petitioner.objects.filter(case=first).first()
    contact = Contact(**{f: getattr(petitioner, f) for f in IDENTITY_FIELDS}) if petitioner else Contact()
    second, second_token = _create_case(
        kind=Kind.COMPLAINT_SECOND,
        topic=first.topic,
        unit=unit,
        title=f"Khiếu nại lần hai: {first.title}"[:300],
        content=reason.strip(),
        contact=contact,
        channel=channel,
        by=by,
        organization=target,
        received_on=on,
        files=(),
        people_count=first.people_count,
        is_remote_area=first.is_remote_area,
        is_complex=False,
        latitude=None,
        longitude=None,
        status=Status.RECEIVED,
        first_round=first,
    )
    note = f"Khiếu nại lần hai gửi {head_of(target)} (tiếp theo khiếu nại {first.display_code})."
    _event(second, action=Action.SECOND_ROUND, from_status="", by=by or SENDER, note=note, to_organization=target)
    case_notifications.case_assigned(case=second, reason="new", by=by)
    _audit(
        second,
        by=by,
        action=AuditAction.CREATE,
        changes={"kind": [None, second.kind], "first_round": [None, first.pk], "organization": [None, target.pk]},
    )
    first_note = f"Người khiếu nại không đồng ý, đã khiếu nại lần hai ({second.display_code}) đến {head_of(target)}."
    if first.status == Status.ANSWERED:
        move(first, action=Action.SECOND_ROUND, by=by or SENDER, note=first_note, updates={"satisfied": False})
    else:
        _event(first, action=Action.SECOND_ROUND, from_status=first.status, by=by or SENDER, note=first_note)
        _audit(first, by=by, action=AuditAction.UPDATE, changes={"second_round": [None, second.pk]}, reason=first_note)
    return second, second_token


@transaction.atomic
def case_verify_identity(*, case: Case, by, contact: dict | Contact, on: dt.date | None = None) -> Case:
    """The sender of "thông tin có nội dung tố cáo" is identified: it becomes a denunciation under the law, and its
    initial-handling limit runs from this day (Luật Tố cáo 2018, Điều 24, 25)."""
    require_handler(by, case)
    if not case.is_denunciation_info:
        raise ServiceError("Vụ việc này không phải thông tin tố cáo chưa rõ người gửi.", status_code=409)
    contact = contact if isinstance(contact, Contact) else Contact.from_dict(contact)
    missing = denunciation_identity_missing(contact)
    if missing:
        raise ServiceError(
            "Chưa đủ thông tin xác định người tố cáo; còn thiếu: " + ", ".join(missing) + ".",
            extra={"petitioner": missing},
        )
    on = on or timezone.localdate()
    case.is_denunciation_info = False
    accept_due = _due(case.kind, Step.ACCEPTANCE, on, case)
    compare_and_set(
        WORKFLOW,
        case,
        expected={"status": case.status, "is_denunciation_info": True},
        updates={
            "is_denunciation_info": False,
            "is_anonymous": False,
            "accept_due": accept_due,
            "due_date": accept_due,
        },
    )
    Petitioner.objects.update_or_create(case=case, defaults={f: getattr(contact, f)[:300] for f in IDENTITY_FIELDS})
    note = (
        f"Đã xác định người tố cáo ngày {on:%d/%m/%Y}; xử lý theo Luật Tố cáo 2018, hạn xử lý ban đầu "
        f"{accept_due:%d/%m/%Y}."
    )
    _event(case, action=Action.VERIFY, from_status=case.status, by=by, note=note)
    _audit(case, by=by, action=AuditAction.UPDATE, changes={"is_denunciation_info": [True, False]}, reason=note)
    return case
