"""The one write path for citizens' cases. Every function is atomic and audits its change.

Concurrency: a change is a compare-and-set (``UPDATE … WHERE status = <expected> [AND organization
= <expected>]``), so when two officers act on one case at once exactly one succeeds and the other
is told plainly what happened — on SQLite and PostgreSQL alike, without row locks.

Citizens act without an account (``by=None``); their acts are recorded as the sender's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Case as SqlCase
from django.db.models import Q, Value, When
from django.utils import timezone

from audit.models import Action as AuditAction
from audit.services import record
from cases import conf, ratelimit
from cases.deadlines import DeadlineError, due_date, rule_for
from cases.models import (
    MOVABLE_STATES,
    OPEN_STATES,
    TRANSITIONS,
    Action,
    Answer,
    Attachment,
    Case,
    CaseEvent,
    Channel,
    Kind,
    Petitioner,
    RoutingRule,
    Status,
    Submission,
    Topic,
)
from cases.rules import CountsFrom, Step
from geo.models import AdminUnit, Level
from lib.clients import client_hash
from lib.errors import ServiceError
from lib.uploads import UploadRejected, check_upload
from lib.vntext import fold_words
from notifications import events as notification_events
from orgs.models import NATIONAL_ROLES, WRITE_ROLES, Membership, Organization

SENDER = "Người gửi"
SYSTEM = "Hệ thống"

# No 0/O, 1/I/L: a code read over the phone cannot be misheard. 31^8 ≈ 8,5 × 10^11 codes.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)


# ---------------------------------------------------------------- codes and tokens


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """What a citizen typed ("yk 7h3k-9mqa", "7H3K9MQA") → the stored code, or ""."""
    code = re.sub(r"[\s\-_.]", "", (raw or "").upper())
    return code if len(code) == CODE_LENGTH and all(c in CODE_ALPHABET for c in code) else ""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(case: Case, token: str) -> bool:
    return bool(token) and hmac.compare_digest(case.token_hash, hash_token(token))


# ---------------------------------------------------------------- who may act


def _org_chain(org: Organization | None) -> list[int]:
    """``org`` and every organisation above it (parents are few: commune → province → central)."""
    ids: list[int] = []
    while org is not None and org.pk not in ids and len(ids) < 10:
        ids.append(org.pk)
        org = org.parent
    return ids


def supervising_org_ids(case: Case) -> set[int]:
    """The handling organisation, the body the case was escalated to, and those above them."""
    return set(_org_chain(case.organization)) | set(_org_chain(case.escalated_to))


def user_org_ids(user, *, write: bool = False) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = "_cases_write_orgs" if write else "_cases_orgs"
    cached = getattr(user, cache, None)
    if cached is None:
        qs = Membership.objects.filter(user=user, is_active=True, organization__is_active=True)
        if write:
            qs = qs.filter(role__in=WRITE_ROLES)
        cached = set(qs.values_list("organization_id", flat=True))
        setattr(user, cache, cached)
    return cached


def _is_national(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or Membership.objects.filter(user=user, is_active=True, role__in=NATIONAL_ROLES).exists()


def can_handle(user, case: Case) -> bool:
    """Members (with write rights) of the handling body or of a body above it act on a case."""
    return _is_national(user) or bool(user_org_ids(user, write=True) & supervising_org_ids(case))


def can_see_identity(user, case: Case) -> bool:
    """The sender's identity (name, ID number, contact, address, own files) is for those who handle the case and
    their supervisors: write roles of the handling body and of the bodies above it (Decree 13/2023: need to know).
    A read-only viewer of those bodies sees the case without it (issue 18)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user_org_ids(user, write=True) & supervising_org_ids(case))


def can_manage_org(user, organization: Organization) -> bool:
    """Members (with write rights) of ``organization`` or of a body above it manage its reception
    days and dialogues; national roles manage all."""
    return _is_national(user) or bool(user_org_ids(user, write=True) & set(_org_chain(organization)))


def _require_handler(user, case: Case) -> None:
    if not can_handle(user, case):
        raise ServiceError(
            "Bạn không thuộc cơ quan đang xử lý vụ việc này hoặc cơ quan cấp trên của cơ quan đó.", status_code=403
        )


# ---------------------------------------------------------------- routing and deadlines


def route(*, unit: AdminUnit, topic: Topic | None, kind: str = "") -> Organization:
    """The body responsible for a case about ``topic`` in ``unit``: the most specific active rule,
    else a body of the commune itself (its People's Committee first), else one of the province."""
    places = [unit.pk]
    for ancestor in (unit.district_id, unit.province_id):
        if ancestor and ancestor != unit.pk:
            places.append(ancestor)
    rules = list(
        RoutingRule.objects.filter(unit_id__in=places, is_active=True, organization__is_active=True)
        .filter(Q(topic=topic) | Q(topic__isnull=True))
        .filter(Q(kind=kind) | Q(kind=""))
        .select_related("organization")
    )

    def specificity(rule: RoutingRule) -> tuple[int, int, int]:
        return (places.index(rule.unit_id), 0 if rule.topic_id else 1, 0 if rule.kind else 1)

    rules = [r for r in rules if r.unit_id == unit.pk or r.include_subtree]
    if rules:
        return min(rules, key=specificity).organization
    for place in places:
        org = (
            Organization.objects.filter(unit_id=place, is_active=True)
            .order_by(
                # The People's Committee answers citizens by law; then the Party committee, then any.
                SqlCase(
                    When(org_type__code="ubnd", then=Value(0)),
                    When(org_type__code__in=["dang-uy-xa", "ban-tgdv"], then=Value(1)),
                    default=Value(2),
                ),
                "id",
            )
            .first()
        )
        if org is not None:
            return org
    raise ServiceError(
        f"Chưa có cơ quan tiếp nhận ý kiến cho địa bàn {unit.name}; vui lòng liên hệ trực tiếp Ủy ban nhân dân.",
        extra={"unit": unit.code},
    )


def _due(kind: str, step: str, start: dt.date, case: Case) -> dt.date:
    try:
        return due_date(
            kind,
            step,
            start,
            complex=case.is_complex,
            remote=case.is_remote_area,
            extensions=case.extensions if step == Step.RESOLUTION else 0,
            rules=conf.rules(),
        )
    except DeadlineError as e:
        raise ServiceError(str(e)) from e


def _counts_from_receipt(kind: str) -> bool:
    return rule_for(kind, Step.RESOLUTION, conf.rules()).counts_from is CountsFrom.RECEIPT


def _set_intake_deadlines(case: Case) -> None:
    case.accept_due = _due(case.kind, Step.ACCEPTANCE, case.received_on, case)
    # Feedback and petitions are answered within a limit that runs from receipt.
    case.resolve_due = (
        _due(case.kind, Step.RESOLUTION, case.received_on, case) if _counts_from_receipt(case.kind) else None
    )
    case.due_date = case.accept_due


# ---------------------------------------------------------------- intake


def needs_moderation(*texts: str) -> bool:
    """Obvious abuse or link spam goes to moderation; it is kept and reviewed, never dropped."""
    folded = " " + " ".join(" ".join(fold_words(t)) for t in texts) + " "
    if any(f" {phrase} " in folded for phrase in conf.abuse_words()):
        return True
    return sum(len(_URL.findall(t or "")) for t in texts) >= 4


IDENTITY_FIELDS = ("full_name", "id_number", "phone", "email", "address")


@dataclass
class Contact:
    full_name: str = ""
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""

    @classmethod
    def from_dict(cls, data: dict | None) -> Contact:
        data = data or {}
        return cls(**{f: (data.get(f) or "").strip() for f in IDENTITY_FIELDS})

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, f) for f in IDENTITY_FIELDS)


def _check_identity(kind: str, contact: Contact) -> None:
    missing = []
    if kind == Kind.DENUNCIATION:
        # Luật Tố cáo 2018, Điều 23: họ tên, địa chỉ của người tố cáo, cách thức liên hệ.
        if not contact.full_name:
            missing.append("họ và tên")
        if not contact.address:
            missing.append("địa chỉ")
        if not (contact.phone or contact.email):
            missing.append("điện thoại hoặc thư điện tử")
        if missing:
            raise ServiceError(
                "Tố cáo phải nêu rõ danh tính người tố cáo (Luật Tố cáo 2018, Điều 23); còn thiếu: "
                + ", ".join(missing)
                + ".",
                extra={"petitioner": missing},
            )
    elif kind in (Kind.COMPLAINT_FIRST, Kind.COMPLAINT_SECOND):
        # Luật Khiếu nại 2011, Điều 8: đơn khiếu nại ghi họ tên, địa chỉ của người khiếu nại.
        if not contact.full_name:
            missing.append("họ và tên")
        if not contact.address:
            missing.append("địa chỉ")
        if missing:
            raise ServiceError(
                "Đơn khiếu nại phải ghi họ tên, địa chỉ người khiếu nại (Luật Khiếu nại 2011, Điều 8); còn thiếu: "
                + ", ".join(missing)
                + ".",
                extra={"petitioner": missing},
            )


def check_rate_limit(ip: str | None, *, now: dt.datetime | None = None) -> str:
    """Refuse a public submission beyond the per-address limit; return the address's hash."""
    limit, minutes = conf.rate_limit()
    key = client_hash(ip)
    now = now or timezone.now()
    # The count and the caller's Submission row must be one atomic step: concurrent sends from one address queue.
    ratelimit.hold("submission", key)
    recent = Submission.objects.filter(client_hash=key, at__gte=now - dt.timedelta(minutes=minutes)).count()
    if recent >= limit:
        raise ServiceError(
            f"Từ địa chỉ này đã gửi {recent} ý kiến trong {minutes} phút qua. Để tránh thư rác, "
            f"vui lòng thử lại sau hoặc liên hệ trực tiếp bộ phận tiếp công dân.",
            extra={"limit": limit, "minutes": minutes},
            status_code=429,
        )
    return key


def _check_files(files: Iterable) -> list[tuple[object, str]]:
    files = [f for f in files if f]
    if len(files) > conf.max_attachments():
        raise ServiceError(f"Chỉ được đính kèm tối đa {conf.max_attachments()} tệp.")
    checked = []
    for upload in files:
        try:
            kind = check_upload(upload, upload.name, upload.size, max_bytes=conf.max_attachment_bytes())
        except UploadRejected as e:
            raise ServiceError(str(e), extra={"file": upload.name}) from e
        checked.append((upload, kind.name))
    return checked


def _store_files(case: Case, checked: list[tuple[object, str]], *, by=None, answer: Answer | None = None) -> list:
    stored = []
    try:
        for upload, kind in checked:
            attachment = Attachment(
                case=case,
                answer=answer,
                original_name=upload.name[:255],
                kind=kind,
                size=upload.size,
                token=secrets.token_hex(16),
                uploaded_by=by if getattr(by, "is_authenticated", False) else None,
            )
            attachment.file.save(f"{attachment.token}.{kind}", upload, save=False)
            stored.append(attachment)
            attachment.save()
    except Exception:
        # The file system is not part of the transaction: do not leave orphans behind.
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return stored


def _create_case(
    *,
    kind: str,
    topic: Topic,
    unit: AdminUnit,
    title: str,
    content: str,
    contact: Contact,
    channel: str,
    by,
    organization: Organization | None,
    received_on: dt.date,
    files: Iterable,
    people_count: int,
    is_remote_area: bool,
    is_complex: bool,
    latitude: float | None,
    longitude: float | None,
    status: str,
    reception_session=None,
    import_key: str = "",
) -> tuple[Case, str]:
    if kind not in Kind.values:
        raise ServiceError("Loại ý kiến không hợp lệ.", extra={"kind": kind})
    if unit.level == Level.DISTRICT:
        raise ServiceError("Hãy chọn xã, phường, đặc khu hoặc tỉnh (không còn cấp huyện).", extra={"unit": unit.code})
    if not unit.valid_on(received_on):
        raise ServiceError(f"Đơn vị {unit.name} không còn hiệu lực vào ngày nhận.", extra={"unit": unit.code})
    if not title.strip() or not content.strip():
        raise ServiceError("Hãy nhập tiêu đề và nội dung ý kiến.")
    if people_count < 1:
        raise ServiceError("Số người cùng gửi phải từ 1 trở lên.")
    _check_identity(kind, contact)
    checked = _check_files(files)
    token = secrets.token_urlsafe(24)
    case = Case(
        token_hash=hash_token(token),
        kind=kind,
        topic=topic,
        unit=unit,
        title=title.strip()[:300],
        content=content.strip(),
        channel=channel,
        is_anonymous=contact.is_empty,
        is_remote_area=is_remote_area,
        is_complex=is_complex,
        people_count=people_count,
        latitude=latitude,
        longitude=longitude,
        status=status,
        organization=organization or route(unit=unit, topic=topic, kind=kind),
        received_on=received_on,
        reception_session=reception_session,
        import_key=import_key,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    _set_intake_deadlines(case)
    for _attempt in range(5):
        case.code = new_code()
        try:
            with transaction.atomic():
                case.save()
            break
        except IntegrityError:
            if Case.objects.filter(code=case.code).exists():
                case.pk = None
                continue
            raise
    else:  # pragma: no cover - 31^8 codes
        raise ServiceError("Không tạo được mã tra cứu, vui lòng thử lại.")
    if not contact.is_empty:
        Petitioner.objects.create(case=case, **{f: getattr(contact, f)[:300] for f in IDENTITY_FIELDS})
    _store_files(case, checked, by=by)
    return case, token


def _event(case: Case, *, action: str, from_status: str, by, note: str = "", public: bool = True, **orgs):
    actor = by if getattr(by, "is_authenticated", False) else None
    CaseEvent.objects.create(
        case=case,
        action=action,
        from_status=from_status,
        to_status=case.status,
        by=actor,
        actor_label=str(actor) if actor else (by if isinstance(by, str) else SENDER),
        note=note,
        public=public,
        **orgs,
    )


def _audit(case: Case, *, by, action: str, changes: dict, reason: str = "") -> None:
    record(
        actor=by if by is not None else SENDER,
        action=action,
        obj=case,
        object_repr=f"Ý kiến {case.display_code}",
        changes=changes,
        reason=reason,
    )


@transaction.atomic
def case_submit(
    *,
    kind: str,
    topic: Topic,
    unit: AdminUnit,
    title: str,
    content: str,
    contact: dict | Contact | None = None,
    files: Iterable = (),
    client_ip: str | None = None,
    people_count: int = 1,
    latitude: float | None = None,
    longitude: float | None = None,
) -> tuple[Case, str]:
    """A citizen sends a case from the public form (no account). Returns the case and its private token."""
    key = check_rate_limit(client_ip)
    contact = contact if isinstance(contact, Contact) else Contact.from_dict(contact)
    status = Status.MODERATION if needs_moderation(title, content) else Status.RECEIVED
    case, token = _create_case(
        kind=kind,
        topic=topic,
        unit=unit,
        title=title,
        content=content,
        contact=contact,
        channel=Channel.WEB,
        by=None,
        organization=None,
        received_on=timezone.localdate(),
        files=files,
        people_count=people_count,
        is_remote_area=False,
        is_complex=False,
        latitude=latitude,
        longitude=longitude,
        status=status,
    )
    Submission.objects.create(client_hash=key, at=timezone.now())
    note = "Nội dung đang chờ kiểm duyệt trước khi chuyển xử lý." if status == Status.MODERATION else ""
    _event(case, action=Action.SUBMIT, from_status="", by=SENDER, note=note, to_organization=case.organization)
    notification_events.case_assigned(case=case, reason="new")
    _audit(
        case,
        by=None,
        action=AuditAction.CREATE,
        changes={"kind": [None, kind], "status": [None, status], "organization": [None, case.organization_id]},
    )
    return case, token


@transaction.atomic
def case_record(
    *,
    by,
    kind: str,
    topic: Topic,
    unit: AdminUnit,
    title: str,
    content: str,
    channel: str,
    contact: dict | Contact | None = None,
    received_on: dt.date | None = None,
    organization: Organization | None = None,
    files: Iterable = (),
    people_count: int = 1,
    is_remote_area: bool = False,
    is_complex: bool = False,
    session=None,
    import_key: str = "",
    note: str = "",
) -> tuple[Case, str]:
    """An officer records a case received in person, by phone, letter or import, for the citizen.

    ``session``: the reception day (tiếp công dân) at which the citizen came; the case is then an
    in-person one received on that day. ``import_key``: the spreadsheet row it came from
    (cases.excel), unique. ``note``: shown in the history (e.g. the imported file)."""
    from orgs.scope import scope_for

    if channel == Channel.WEB or channel not in Channel.values:
        raise ServiceError("Hình thức tiếp nhận không hợp lệ cho ý kiến ghi nhận thay người dân.")
    if not user_org_ids(by, write=True) and not _is_national(by):
        raise ServiceError("Bạn chưa thuộc cơ quan nào có quyền ghi nhận ý kiến.", status_code=403)
    if not scope_for(by, write=True).covers(unit):
        raise ServiceError("Địa bàn này nằm ngoài phạm vi của bạn.", status_code=403)
    if session is not None:
        from cases.reception import check_session_for_case

        if channel != Channel.IN_PERSON:
            raise ServiceError("Ý kiến nhận tại buổi tiếp công dân phải có hình thức “Trực tiếp”.")
        received_on = received_on or session.date
        check_session_for_case(session=session, by=by, received_on=received_on)
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate():
        raise ServiceError("Ngày nhận không thể ở tương lai.")
    contact = contact if isinstance(contact, Contact) else Contact.from_dict(contact)
    case, token = _create_case(
        kind=kind,
        topic=topic,
        unit=unit,
        title=title,
        content=content,
        contact=contact,
        channel=channel,
        by=by,
        organization=organization,
        received_on=received_on,
        files=files,
        people_count=people_count,
        is_remote_area=is_remote_area,
        is_complex=is_complex,
        latitude=None,
        longitude=None,
        status=Status.RECEIVED,
        reception_session=session,
        import_key=import_key,
    )
    _event(case, action=Action.RECORD, from_status="", by=by, note=note, to_organization=case.organization)
    notification_events.case_assigned(case=case, reason="new", by=by)
    changes = {"kind": [None, kind], "channel": [None, channel], "organization": [None, case.organization_id]}
    if session is not None:
        changes["reception_session"] = [None, session.pk]
    if import_key:
        changes["import_key"] = [None, import_key]
    _audit(case, by=by, action=AuditAction.CREATE, changes=changes)
    return case, token


# ---------------------------------------------------------------- transitions


def _cas(case: Case, *, expected: dict, updates: dict) -> None:
    """Compare-and-set: apply ``updates`` only if the row still holds ``expected``."""
    updates = {**updates, "updated_at": timezone.now()}
    changed = Case.objects.filter(pk=case.pk, **expected).update(**updates)
    if changed == 0:
        fresh = Case.objects.filter(pk=case.pk).select_related("organization").first()
        if fresh is None:
            raise ServiceError("Vụ việc không còn tồn tại.", status_code=404)
        raise ServiceError(
            f"Vụ việc vừa được người khác cập nhật (hiện ở trạng thái “{fresh.get_status_display()}”, "
            f"cơ quan xử lý: {fresh.organization.name}); vui lòng tải lại trang.",
            extra={"status": fresh.status},
            status_code=409,
        )
    for key, value in updates.items():
        setattr(case, key, value)


def _transition(case: Case, *, action: str, by, note: str = "", updates: dict | None = None) -> Case:
    current = case.status
    target = TRANSITIONS.get((current, action))
    if target is None:
        raise ServiceError(
            f"Không thể {Action(action).label.lower()} vụ việc đang ở trạng thái “{Status(current).label}”.",
            extra={"status": current, "action": action},
        )
    updates = {"status": target, **(updates or {})}
    _cas(case, expected={"status": current}, updates=updates)
    _event(case, action=action, from_status=current, by=by, note=note)
    _audit(
        case,
        by=by,
        action=AuditAction.TRANSITION,
        changes={"status": [current, target], **{k: [None, v] for k, v in updates.items() if k != "status"}},
        reason=note,
    )
    return case


@transaction.atomic
def case_release(*, case: Case, by) -> Case:
    """Moderation: the content is acceptable after all; the case goes to its handler."""
    _require_handler(by, case)
    return _transition(case, action=Action.RELEASE, by=by)


@transaction.atomic
def case_dismiss(*, case: Case, by, reason: str) -> Case:
    """Not accepted (abusive, outside competence, …); the sender sees the reason."""
    _require_handler(by, case)
    if not reason.strip():
        raise ServiceError("Không thụ lý phải nêu rõ lý do để thông báo cho người gửi.", extra={"reason": "required"})
    return _transition(case, action=Action.DISMISS, by=by, note=reason.strip(), updates={"due_date": None})


@transaction.atomic
def case_accept(
    *, case: Case, by, is_complex: bool | None = None, is_remote_area: bool | None = None, on: dt.date | None = None
) -> Case:
    """Thụ lý: the resolution limit starts (complaints, denunciations) or keeps running (feedback)."""
    _require_handler(by, case)
    on = on or timezone.localdate()
    if is_complex is not None:
        case.is_complex = is_complex
    if is_remote_area is not None:
        case.is_remote_area = is_remote_area
    resolve_due = (
        _due(case.kind, Step.RESOLUTION, case.received_on, case)
        if _counts_from_receipt(case.kind)
        else _due(case.kind, Step.RESOLUTION, on, case)
    )
    return _transition(
        case,
        action=Action.ACCEPT,
        by=by,
        updates={
            "accepted_on": on,
            "resolve_due": resolve_due,
            "due_date": resolve_due,
            "is_complex": case.is_complex,
            "is_remote_area": case.is_remote_area,
        },
    )


@transaction.atomic
def case_transfer(*, case: Case, by, to: Organization, reason: str) -> Case:
    """Hand the case to the competent body, with the reason (the sender sees both)."""
    _require_handler(by, case)
    if not reason.strip():
        raise ServiceError("Chuyển cơ quan xử lý phải nêu lý do.", extra={"reason": "required"})
    if case.status not in MOVABLE_STATES:
        raise ServiceError(f"Không thể chuyển vụ việc đang ở trạng thái “{case.get_status_display()}”.")
    if to.pk == case.organization_id:
        raise ServiceError("Vụ việc đang do chính cơ quan này xử lý.")
    if not to.is_active:
        raise ServiceError("Cơ quan nhận không còn hoạt động.")
    from_org = case.organization
    _cas(
        case,
        expected={"status": case.status, "organization_id": from_org.pk},
        updates={"organization": to},
    )
    _event(
        case,
        action=Action.TRANSFER,
        from_status=case.status,
        by=by,
        note=reason.strip(),
        from_organization=from_org,
        to_organization=to,
    )
    notification_events.case_assigned(case=case, reason="transfer", by=by)
    _audit(
        case,
        by=by,
        action=AuditAction.UPDATE,
        changes={"organization": [from_org.pk, to.pk]},
        reason=reason.strip(),
    )
    return case


@transaction.atomic
def case_extend(*, case: Case, by, reason: str) -> Case:
    """Gia hạn (denunciations: at most twice, Luật Tố cáo 2018, Điều 30)."""
    _require_handler(by, case)
    if not reason.strip():
        raise ServiceError("Gia hạn phải nêu lý do (quyết định gia hạn).", extra={"reason": "required"})
    if case.status not in (Status.ACCEPTED, Status.REOPENED) or case.accepted_on is None:
        raise ServiceError("Chỉ gia hạn được vụ việc đã thụ lý, đang giải quyết.")
    case.extensions += 1
    resolve_due = _due(case.kind, Step.RESOLUTION, case.accepted_on, case)
    _cas(
        case,
        expected={"status": case.status, "extensions": case.extensions - 1},
        updates={"extensions": case.extensions, "resolve_due": resolve_due, "due_date": resolve_due},
    )
    _event(case, action=Action.EXTEND, from_status=case.status, by=by, note=reason.strip())
    _audit(case, by=by, action=AuditAction.UPDATE, changes={"resolve_due": [None, resolve_due]}, reason=reason)
    return case


@transaction.atomic
def case_answer(*, case: Case, by, text: str, files: Iterable = (), organization: Organization | None = None) -> Answer:
    """The official answer (text and files), shown to the sender at the private link."""
    _require_handler(by, case)
    if not text.strip():
        raise ServiceError("Nội dung trả lời không được để trống.", extra={"text": "required"})
    checked = _check_files(files)
    today = timezone.localdate()
    limit = case.due_date or case.resolve_due
    on_time = limit is None or today <= limit
    _transition(
        case,
        action=Action.ANSWER,
        by=by,
        updates={"answered_at": timezone.now(), "answered_on_time": on_time, "due_date": None},
    )
    answer = Answer.objects.create(case=case, text=text.strip(), organization=organization or case.organization, by=by)
    stored = _store_files(case, checked, by=by, answer=answer)
    _answer_duplicates(case, answer, stored, by=by, on_time=on_time)
    return answer


def _answer_duplicates(main: Case, answer: Answer, files: list, *, by, on_time: bool) -> None:
    """One answer reaches every linked duplicate: each is answered with the same text and files,
    and each sender sees it at their own link (and may confirm or reopen on their own)."""
    today = timezone.localdate()
    linked = Case.objects.filter(
        duplicate_of=main, status__in=(Status.RECEIVED, Status.ACCEPTED, Status.REOPENED)
    ).order_by("id")
    for dup in linked:
        if dup.status == Status.RECEIVED:
            _transition(dup, action=Action.ACCEPT, by=by, updates={"accepted_on": today})
        _transition(
            dup,
            action=Action.ANSWER,
            by=by,
            note=f"Trả lời chung với vụ việc {main.display_code}",
            updates={"answered_at": timezone.now(), "answered_on_time": on_time, "due_date": None},
        )
        copy = Answer.objects.create(case=dup, text=answer.text, organization=answer.organization, by=answer.by)
        for f in files:
            # The same stored file, listed under each case (files are never deleted with an answer).
            Attachment.objects.create(
                case=dup,
                answer=copy,
                file=f.file.name,
                original_name=f.original_name,
                kind=f.kind,
                size=f.size,
                token=secrets.token_hex(16),
                uploaded_by=f.uploaded_by,
            )


@transaction.atomic
def case_link_duplicate(*, case: Case, main: Case, by) -> Case:
    """Mark ``case`` as a duplicate of the open ``main`` case of the same area: the answer to
    ``main`` will reach its sender too."""
    _require_handler(by, case)
    _require_handler(by, main)
    if case.pk == main.pk:
        raise ServiceError("Không thể gộp vụ việc với chính nó.")
    if case.province_id != main.province_id:
        raise ServiceError("Chỉ gộp được vụ việc trùng trên cùng địa bàn tỉnh.")
    linkable = (Status.RECEIVED, Status.ACCEPTED, Status.REOPENED)
    if case.status not in linkable:
        raise ServiceError(f"Không thể gộp vụ việc đang ở trạng thái “{case.get_status_display()}”.")
    if main.status not in linkable:
        raise ServiceError(
            f"Vụ việc chính {main.display_code} đang ở trạng thái “{main.get_status_display()}”, không còn mở."
        )
    if main.duplicate_of_id:
        raise ServiceError(f"Vụ việc {main.display_code} đã là bản trùng của vụ việc khác; hãy gộp vào vụ việc chính.")
    if Case.objects.filter(duplicate_of=case).exists():
        raise ServiceError(f"Vụ việc {case.display_code} đang là vụ việc chính của các bản trùng khác.")
    _cas(case, expected={"status": case.status, "duplicate_of__isnull": True}, updates={"duplicate_of": main})
    _event(case, action=Action.LINK, from_status=case.status, by=by, note=f"Trùng với vụ việc {main.display_code}")
    _audit(case, by=by, action=AuditAction.UPDATE, changes={"duplicate_of": [None, main.pk]})
    return case


# A linked case may leave its main case while it still waits for an answer (received, accepted, or
# reopened by its sender after the joint answer: it is then handled on its own). Once the joint
# answer has reached it (answered) or it is finished, the link is history the sender has seen.
UNLINKABLE_STATES = (Status.RECEIVED, Status.ACCEPTED, Status.REOPENED)


@transaction.atomic
def case_unlink_duplicate(*, case: Case, by, reason: str) -> Case:
    """Undo ``case_link_duplicate``: ``case`` is handled on its own again, with its own limits
    (linking never changed them), and the answer to the main case no longer reaches it."""
    _require_handler(by, case)
    if case.duplicate_of_id is None:
        raise ServiceError(f"Vụ việc {case.display_code} không được gộp vào vụ việc nào.")
    if not reason.strip():
        raise ServiceError("Tách vụ việc khỏi vụ việc chính phải nêu lý do.", extra={"reason": "required"})
    main = Case.objects.filter(pk=case.duplicate_of_id).only("id", "code").first()
    main_code = main.display_code if main else "đã gộp"
    if case.status not in UNLINKABLE_STATES:
        if case.status == Status.ANSWERED:
            raise ServiceError(
                f"Vụ việc đã được trả lời chung với vụ việc {main_code}, không thể tách; nếu người gửi chưa "
                "đồng ý và đề nghị xem xét lại, khi đó có thể tách để giải quyết riêng.",
                extra={"status": case.status},
            )
        raise ServiceError(
            f"Không thể tách vụ việc đang ở trạng thái “{case.get_status_display()}”.", extra={"status": case.status}
        )
    main_id = case.duplicate_of_id
    _cas(case, expected={"status": case.status, "duplicate_of": main_id}, updates={"duplicate_of": None})
    note = f"Tách khỏi vụ việc {main_code}, giải quyết riêng: {reason.strip()[:4000]}"
    _event(case, action=Action.UNLINK, from_status=case.status, by=by, note=note)
    _audit(case, by=by, action=AuditAction.UPDATE, changes={"duplicate_of": [main_id, None]}, reason=reason.strip())
    return case


def _require_window(case: Case, today: dt.date) -> None:
    if case.status != Status.ANSWERED or case.answered_at is None:
        raise ServiceError(f"Vụ việc đang ở trạng thái “{case.get_status_display()}”, chưa có kết quả để phản hồi.")
    answered_on = timezone.localdate(case.answered_at)
    last = answered_on + dt.timedelta(days=conf.reopen_window_days())
    if today > last:
        raise ServiceError(
            f"Đã quá thời hạn {conf.reopen_window_days()} ngày kể từ ngày trả lời ({answered_on:%d/%m/%Y}); "
            "nếu chưa đồng ý, bạn có thể gửi ý kiến mới hoặc khiếu nại theo quy định.",
        )


@transaction.atomic
def case_confirm(*, case: Case, token: str) -> Case:
    """The sender is satisfied with the answer: the case closes."""
    if not token_matches(case, token):
        raise ServiceError("Đường dẫn theo dõi không hợp lệ.", status_code=404)
    _require_window(case, timezone.localdate())
    return _transition(case, action=Action.CONFIRM, by=SENDER, updates={"satisfied": True, "closed_at": timezone.now()})


@transaction.atomic
def case_reopen(*, case: Case, token: str, reason: str) -> Case:
    """The sender disagrees with the answer: the case goes back to the handler with a new limit."""
    if not token_matches(case, token):
        raise ServiceError("Đường dẫn theo dõi không hợp lệ.", status_code=404)
    if not reason.strip():
        raise ServiceError("Hãy nêu lý do chưa đồng ý với kết quả trả lời.", extra={"reason": "required"})
    today = timezone.localdate()
    _require_window(case, today)
    # The law gives no limit for a reconsideration; the resolution limit runs again from today.
    resolve_due = _due(case.kind, Step.RESOLUTION, today, case)
    return _transition(
        case,
        action=Action.REOPEN,
        by=SENDER,
        note=reason.strip()[:4000],
        updates={
            "satisfied": False,
            "reopen_count": case.reopen_count + 1,
            "resolve_due": resolve_due,
            "due_date": resolve_due,
        },
    )


@transaction.atomic
def case_close_unanswered_window(*, case: Case, today: dt.date | None = None) -> Case:
    """The sender neither confirmed nor reopened within the window: the case closes (system)."""
    today = today or timezone.localdate()
    if case.answered_at is None or today <= timezone.localdate(case.answered_at) + dt.timedelta(
        days=conf.reopen_window_days()
    ):
        raise ServiceError("Chưa hết thời hạn người gửi phản hồi kết quả.")
    return _transition(case, action=Action.CLOSE, by=SYSTEM, updates={"closed_at": timezone.now()})


# ---------------------------------------------------------------- escalation


def escalation_target(case: Case) -> Organization | None:
    """The body above the one now responsible: its parent, else a body of the case's province."""
    base = case.escalated_to or case.organization
    if base.parent_id and base.parent.is_active:
        return base.parent
    if base.unit_id and base.unit_id != case.province_id:
        return (
            Organization.objects.filter(unit_id=case.province_id, is_active=True)
            .order_by(SqlCase(When(org_type__code="ban-tgdv", then=Value(0)), default=Value(1)), "id")
            .first()
        )
    return None


def escalation_due(case: Case, today: dt.date) -> bool:
    """Overdue by the margin, once more for each level already climbed."""
    if case.status not in OPEN_STATES or case.due_date is None:
        return False
    margin = conf.escalation_margin_days() * (case.escalation_level + 1)
    return (today - case.due_date).days > margin


@transaction.atomic
def case_escalate(*, case: Case, by=None, today: dt.date | None = None) -> Case:
    """Hand an overdue case to the body above for supervision; it sees the case in its own queue."""
    today = today or timezone.localdate()
    if by is not None:
        _require_handler(by, case)
    if not escalation_due(case, today):
        raise ServiceError(
            f"Vụ việc chưa quá hạn quá {conf.escalation_margin_days()} ngày nên chưa chuyển lên cấp trên.",
            extra={"due_date": case.due_date.isoformat() if case.due_date else None},
        )
    target = escalation_target(case)
    if target is None:
        raise ServiceError("Không có cơ quan cấp trên để chuyển vụ việc.")
    overdue_days = (today - case.due_date).days
    note = f"Quá hạn {overdue_days} ngày (hạn {case.due_date:%d/%m/%Y}); chuyển {target.name} theo dõi, đôn đốc."
    from_org = case.escalated_to or case.organization
    _cas(
        case,
        expected={"status": case.status, "escalation_level": case.escalation_level},
        updates={"escalated_to": target, "escalation_level": case.escalation_level + 1, "escalated_at": timezone.now()},
    )
    _event(
        case,
        action=Action.ESCALATE,
        from_status=case.status,
        by=by or SYSTEM,
        note=note,
        from_organization=from_org,
        to_organization=target,
    )
    notification_events.case_assigned(case=case, reason="escalation", by=by)
    _audit(
        case,
        by=by or SYSTEM,
        action=AuditAction.UPDATE,
        changes={"escalated_to": [from_org.pk, target.pk], "escalation_level": [None, case.escalation_level]},
        reason=note,
    )
    return case


def escalate_overdue(*, today: dt.date | None = None, limit: int | None = None) -> list[Case]:
    """Escalate every case overdue by the margin; each in its own transaction. For the daily command."""
    today = today or timezone.localdate()
    margin = conf.escalation_margin_days()
    candidates = (
        Case.objects.filter(status__in=OPEN_STATES, due_date__lt=today - dt.timedelta(days=margin))
        .select_related("organization__parent", "escalated_to__parent")
        .order_by("due_date", "id")
    )
    done = []
    for case in candidates[:limit] if limit else candidates:
        if not escalation_due(case, today):
            continue
        try:
            done.append(case_escalate(case=case, today=today))
        except ServiceError:
            continue  # someone else escalated it, or nobody is above: the next run retries
    return done


# ---------------------------------------------------------------- retention


@transaction.atomic
def case_anonymise(*, case: Case, by=None) -> Case:
    """Erase the sender's personal data (identity, contact, own files); keep the case for statistics."""
    if case.status not in (Status.CLOSED, Status.DISMISSED):
        raise ServiceError("Chỉ xóa thông tin cá nhân của vụ việc đã kết thúc.")
    files = list(Attachment.objects.filter(case=case, answer__isnull=True))
    Petitioner.objects.filter(case=case).delete()
    Attachment.objects.filter(pk__in=[f.pk for f in files]).delete()
    _cas(case, expected={"anonymised_at": None}, updates={"anonymised_at": timezone.now()})
    _audit(
        case,
        by=by or SYSTEM,
        action=AuditAction.DELETE,
        changes={"petitioner": ["…", None], "files": len(files)},
        reason="Hết thời hạn lưu trữ thông tin cá nhân",
    )
    # Files leave the disk only once the erasure is committed.
    transaction.on_commit(lambda: [f.file.delete(save=False) for f in files])
    return case


def anonymise_expired(*, today: dt.date | None = None) -> int:
    """Erase personal data of cases finished longer ago than the retention period."""
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=conf.retention_days())
    done = 0
    expired = Case.objects.filter(
        status__in=(Status.CLOSED, Status.DISMISSED), anonymised_at__isnull=True, updated_at__date__lt=cutoff
    )
    for case in expired.order_by("id"):
        try:
            case_anonymise(case=case)
            done += 1
        except ServiceError:
            continue
    return done
