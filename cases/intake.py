"""Intake of citizens' cases: tracking codes and tokens, routing to the competent body, the deadlines
set at intake, moderation, the sender's identity, the submission rate limit, files, and the two ways a
case comes in (``case_submit`` by a citizen, ``case_record`` by an officer). Every write is atomic
and audited (see ``cases.history``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Case as SqlCase
from django.db.models import Q, Value, When
from django.utils import timezone

from audit.models import Action as AuditAction
from cases import citizen_updates, conf, ratelimit, sessions
from cases import notifications as case_notifications
from cases.competence import DECISION_KINDS, competent_body
from cases.deadlines import DeadlineError, due_date, rule_for
from cases.history import SENDER, _audit, _event
from cases.models import (
    Action,
    Answer,
    Attachment,
    Case,
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
from lib.writelock import serialized_write
from orgs.models import Organization
from orgs.permissions import is_national, user_org_ids
from orgs.scope import scope_for

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
    """The sender's own token, or the signed private link of the messages they asked for (cases.citizen_updates)."""
    if not token:
        return False
    return hmac.compare_digest(case.token_hash, hash_token(token)) or citizen_updates.link_token_matches(case, token)


# ---------------------------------------------------------------- who may act


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
        .select_related("organization__org_type")
    )

    def specificity(rule: RoutingRule) -> tuple[int, int, int]:
        return (places.index(rule.unit_id), 0 if rule.topic_id else 1, 0 if rule.kind else 1)

    rules = [r for r in rules if r.unit_id == unit.pk or r.include_subtree]
    if kind in DECISION_KINDS:
        # A complaint or denunciation goes straight to a body whose head decides it when there is one; a rule that
        # names a Party body or the Front still applies where none exists (they receive and forward it).
        deciding = [r for r in rules if r.organization.org_type.decides_complaints]
        if deciding:
            return min(deciding, key=specificity).organization
        competent = competent_body(unit, timezone.localdate())
        if competent is not None:
            return competent
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


def _due(kind: str, step: str, start: dt.date, case: Case, rules=None) -> dt.date:
    try:
        return due_date(
            kind,
            step,
            start,
            complex=case.is_complex,
            remote=case.is_remote_area,
            extensions=case.extensions if step == Step.RESOLUTION else 0,
            rules=rules if rules is not None else conf.rules(case.organization_id),
        )
    except DeadlineError as e:
        raise ServiceError(str(e)) from e


def _counts_from_receipt(kind: str) -> bool:
    return rule_for(kind, Step.RESOLUTION, conf.rules()).counts_from is CountsFrom.RECEIPT


def _set_intake_deadlines(case: Case) -> None:
    if case.is_denunciation_info:
        # Luật Tố cáo 2018, Điều 25: no clock runs until the sender's identity is verified.
        case.accept_due = case.resolve_due = case.due_date = None
        return
    rules = conf.rules(case.organization_id)  # the body's own reply limit: read once for both limits
    case.accept_due = _due(case.kind, Step.ACCEPTANCE, case.received_on, case, rules)
    # Feedback and petitions are answered within a limit that runs from receipt.
    case.resolve_due = (
        _due(case.kind, Step.RESOLUTION, case.received_on, case, rules) if _counts_from_receipt(case.kind) else None
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


def denunciation_identity_missing(contact: Contact) -> list[str]:
    """What a denunciation lacks to name its sender (Luật Tố cáo 2018, Điều 23)."""
    missing = []
    if not contact.full_name:
        missing.append("họ và tên")
    if not contact.address:
        missing.append("địa chỉ")
    if not (contact.phone or contact.email):
        missing.append("điện thoại hoặc thư điện tử")
    return missing


def _check_identity(kind: str, contact: Contact) -> None:
    missing = []
    if kind == Kind.DENUNCIATION:
        # Luật Tố cáo 2018, Điều 23: họ tên, địa chỉ của người tố cáo, cách thức liên hệ.
        missing = denunciation_identity_missing(contact)
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


def _check_files(files: Iterable) -> list[tuple[File, str]]:
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


def _store_files(case: Case, checked: list[tuple[File, str]], *, by=None, answer: Answer | None = None) -> list:
    stored = []
    try:
        for upload, kind in checked:
            attachment = Attachment(
                case=case,
                answer=answer,
                original_name=(upload.name or "")[:255],
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


def _new_case(
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
    first_round: Case | None = None,
) -> tuple[Case, str, Contact, list[tuple[File, str]]]:
    """A case checked and routed, not saved yet (no write: a submission does this before its turn to write)."""
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
    # Luật Tố cáo 2018, Điều 25: an unsigned denunciation sent on the web is kept as "thông tin có nội dung tố cáo"
    # until the sender's identity is verified; one recorded by an officer must name its sender.
    denunciation_info = (
        kind == Kind.DENUNCIATION and channel == Channel.WEB and bool(denunciation_identity_missing(contact))
    )
    if not denunciation_info:
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
        is_denunciation_info=denunciation_info,
        people_count=people_count,
        latitude=latitude,
        longitude=longitude,
        status=status,
        organization=organization or route(unit=unit, topic=topic, kind=kind),
        received_on=received_on,
        reception_session=reception_session,
        import_key=import_key,
        first_round=first_round,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    _set_intake_deadlines(case)
    return case, token, contact, checked


def _save_new_case(case: Case, contact: Contact, checked: list[tuple[File, str]], *, by) -> None:
    """Write a case made by ``_new_case``: its row under a fresh tracking code, the sender's identity, its files."""
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


def _create_case(**kwargs) -> tuple[Case, str]:
    """Check, route and write a case in the caller's transaction (``_new_case`` then ``_save_new_case``)."""
    case, token, contact, checked = _new_case(**kwargs)
    _save_new_case(case, contact, checked, by=kwargs["by"])
    return case, token


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
    notify_email: str = "",
    notify_phone: str = "",
) -> tuple[Case, str]:
    """A citizen sends a case from the public form (no account). Returns the case and its private token.
    ``notify_email`` / ``notify_phone``: where to tell the sender when the case moves, once confirmed.

    One write transaction, begun only when the case is checked and routed (reads, outside any lock); on SQLite the
    writers of this path wait their turn in line before it (``lib.writelock.serialized_write``)."""
    contact = contact if isinstance(contact, Contact) else Contact.from_dict(contact)
    status = Status.MODERATION if needs_moderation(title, content) else Status.RECEIVED
    case, token, contact, checked = _new_case(
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
    note = "Nội dung đang chờ kiểm duyệt trước khi chuyển xử lý." if status == Status.MODERATION else ""
    with serialized_write(), transaction.atomic():
        key = check_rate_limit(client_ip)
        _save_new_case(case, contact, checked, by=None)
        Submission.objects.create(client_hash=key, at=timezone.now())
        citizen_updates.subscribe(case, email=notify_email, phone=notify_phone)
        event_id = _event(
            case, action=Action.SUBMIT, from_status="", by=SENDER, note=note, to_organization=case.organization
        )
        case_notifications.case_assigned(case=case, reason="new", event_id=event_id)
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
    if channel == Channel.WEB or channel not in Channel.values:
        raise ServiceError("Hình thức tiếp nhận không hợp lệ cho ý kiến ghi nhận thay người dân.")
    if not user_org_ids(by, write=True) and not is_national(by):
        raise ServiceError("Bạn chưa thuộc cơ quan nào có quyền ghi nhận ý kiến.", status_code=403)
    if not scope_for(by, write=True).covers(unit):
        raise ServiceError("Địa bàn này nằm ngoài phạm vi của bạn.", status_code=403)
    if session is not None:
        if channel != Channel.IN_PERSON:
            raise ServiceError("Ý kiến nhận tại buổi tiếp công dân phải có hình thức “Trực tiếp”.")
        received_on = received_on or session.date
        sessions.check_session(session, by=by, received_on=received_on)
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
    event_id = _event(case, action=Action.RECORD, from_status="", by=by, note=note, to_organization=case.organization)
    case_notifications.case_assigned(case=case, reason="new", by=by, event_id=event_id)
    changes = {"kind": [None, kind], "channel": [None, channel], "organization": [None, case.organization_id]}
    if session is not None:
        changes["reception_session"] = [None, session.pk]
    if import_key:
        changes["import_key"] = [None, import_key]
    _audit(case, by=by, action=AuditAction.CREATE, changes=changes)
    return case, token


# ---------------------------------------------------------------- transitions
