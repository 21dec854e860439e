"""Writes of the disclosures (dân biết) and of the obligations calendar.

A disclosure is drafted, its forms and files recorded, then published: publishing fulfils the commune's
obligation for the category and period (late if after its due date). Forms may change after publication (a
posting taken down, the days broadcast): the defects are recomputed in the same transaction. Every write is
atomic and audited; status moves go through ``audit.transitions``.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit.models import Action as AuditAction
from audit.services import record
from audit.transitions import Workflow, transition
from democracy.models import (
    Channel,
    Disclosure,
    DisclosureCategory,
    DisclosureChannel,
    DisclosureFile,
    DisclosureStatus,
    Obligation,
)
from democracy.models.disclosures import DISCLOSURE_TRANSITIONS, DisclosureAction
from democracy.permissions import require_commune_body
from lib.errors import ServiceError
from lib.uploads import UploadRejected, check_upload
from orgs.models import Organization

DISCLOSURE_WORKFLOW = Workflow(
    model=Disclosure,
    moves=DISCLOSURE_TRANSITIONS,
    noun="nội dung công khai",
    status_labels=dict(DisclosureStatus.choices),
    action_labels=dict(DisclosureAction.choices),
)
MAX_FILES = 20


def _label(disclosure: Disclosure) -> str:
    return f"Công khai “{disclosure.title[:200]}”"


def defects(disclosure: Disclosure, channels: list[DisclosureChannel] | None = None) -> list[str]:
    """What falls short of the category's rules, in Vietnamese: a required form not used, a loudspeaker broadcast
    shorter than the consecutive days required, a posting taken down before the minimum duration."""
    category = disclosure.category
    channels = list(disclosure.channels.all()) if channels is None else channels
    used = {c.channel: c for c in channels}
    labels = dict(Channel.choices)
    found = [f"Chưa thực hiện hình thức bắt buộc: {labels.get(code, code)}." for code in category.required_channels
             if code not in used]  # fmt: skip
    speaker = used.get(Channel.LOUDSPEAKER)
    if category.min_broadcast_days and (speaker is not None or Channel.LOUDSPEAKER in category.required_channels):
        days = speaker.broadcast_days if speaker is not None else 0
        if speaker is not None and days < category.min_broadcast_days:
            found.append(f"Phát trên loa {days} ngày, chưa đủ {category.min_broadcast_days} ngày liên tục.")
    board = used.get(Channel.NOTICE_BOARD)
    if board is not None and board.posted_on and board.taken_down_on:
        kept = (board.taken_down_on - board.posted_on).days
        if kept < category.min_posting_days:
            found.append(f"Niêm yết {kept} ngày, gỡ trước thời hạn tối thiểu {category.min_posting_days} ngày.")
    return found


def _refresh_defects(disclosure: Disclosure) -> None:
    count = len(defects(disclosure))
    if count != disclosure.defect_count:
        Disclosure.objects.filter(pk=disclosure.pk).update(defect_count=count)
        disclosure.defect_count = count


@transaction.atomic
def disclosure_create(
    *,
    by,
    organization: Organization,
    category: DisclosureCategory,
    title: str,
    content: str = "",
    period_start: dt.date | None = None,
    document_number: str = "",
    document_date: dt.date | None = None,
    document_issuer: str = "",
) -> Disclosure:
    unit = require_commune_body(by, organization)
    if not category.is_active:
        raise ServiceError("Nội dung công khai này không còn áp dụng.")
    if not title.strip():
        raise ServiceError("Hãy nhập tiêu đề nội dung công khai.")
    disclosure = Disclosure.objects.create(
        unit=unit,
        organization=organization,
        category=category,
        title=title.strip(),
        content=content,
        period_start=period_start,
        document_number=document_number.strip(),
        document_date=document_date,
        document_issuer=document_issuer.strip(),
        created_by=by,
    )
    disclosure.defect_count = len(defects(disclosure, []))
    Disclosure.objects.filter(pk=disclosure.pk).update(defect_count=disclosure.defect_count)
    record(
        actor=by,
        action=AuditAction.CREATE,
        obj=disclosure,
        object_repr=_label(disclosure),
        changes={"category": [None, category.code], "title": [None, disclosure.title]},
    )
    return disclosure


def _check_channel(channel: str, posted_on, taken_down_on, broadcast_days: int, url: str) -> None:
    if channel not in Channel.values:
        raise ServiceError("Hình thức công khai không hợp lệ.", extra={"channel": channel})
    if channel in (Channel.NOTICE_BOARD, Channel.LOUDSPEAKER, Channel.WEBSITE) and posted_on is None:
        raise ServiceError("Hãy nhập ngày niêm yết, ngày bắt đầu đăng hoặc phát.")
    if posted_on and taken_down_on and taken_down_on < posted_on:
        raise ServiceError("Ngày gỡ không được trước ngày niêm yết.")
    if channel == Channel.LOUDSPEAKER and not 1 <= broadcast_days <= 366:
        raise ServiceError("Hãy nhập số ngày phát liên tục trên loa (từ 1 ngày).")
    if channel != Channel.LOUDSPEAKER and broadcast_days:
        raise ServiceError("Số ngày phát chỉ áp dụng cho hệ thống truyền thanh.")
    if channel == Channel.WEBSITE and not url:
        raise ServiceError("Hãy nhập đường dẫn trang thông tin điện tử đã đăng.")


@transaction.atomic
def disclosure_channel_set(
    *,
    disclosure: Disclosure,
    by,
    channel: str,
    posted_on: dt.date | None = None,
    taken_down_on: dt.date | None = None,
    broadcast_days: int = 0,
    url: str = "",
    note: str = "",
) -> DisclosureChannel:
    """Record (or correct) one form used; the defects follow."""
    require_commune_body(by, disclosure.organization)
    if disclosure.status == DisclosureStatus.WITHDRAWN:
        raise DISCLOSURE_WORKFLOW.refusal(disclosure.status, "", verb="cập nhật hình thức của")
    _check_channel(channel, posted_on, taken_down_on, broadcast_days, url)
    row, created = DisclosureChannel.objects.update_or_create(
        disclosure=disclosure,
        channel=channel,
        defaults={
            "posted_on": posted_on,
            "taken_down_on": taken_down_on,
            "broadcast_days": broadcast_days,
            "url": url,
            "note": note,
        },
    )
    _refresh_defects(disclosure)
    record(
        actor=by,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=disclosure,
        object_repr=_label(disclosure),
        changes={
            "channel": [None, channel],
            "posted_on": [None, posted_on],
            "taken_down_on": [None, taken_down_on],
            "broadcast_days": [None, broadcast_days],
            "defect_count": [None, disclosure.defect_count],
        },
    )
    return row


@transaction.atomic
def disclosure_take_down(*, disclosure: Disclosure, by, on: dt.date) -> DisclosureChannel:
    """The notice is taken off the board on ``on`` (early take-down counts as a defect)."""
    require_commune_body(by, disclosure.organization)
    board = disclosure.channels.filter(channel=Channel.NOTICE_BOARD).first()
    if board is None or board.posted_on is None:
        raise ServiceError("Nội dung này chưa được niêm yết tại trụ sở.")
    if board.taken_down_on is not None:
        raise ServiceError(f"Đã ghi ngày gỡ {board.taken_down_on:%d/%m/%Y}.")
    if on < board.posted_on:
        raise ServiceError("Ngày gỡ không được trước ngày niêm yết.")
    board.taken_down_on = on
    board.save(update_fields=["taken_down_on"])
    _refresh_defects(disclosure)
    record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=disclosure,
        object_repr=_label(disclosure),
        changes={"taken_down_on": [None, on], "defect_count": [None, disclosure.defect_count]},
    )
    return board


@transaction.atomic
def disclosure_file_add(*, disclosure: Disclosure, by, upload) -> DisclosureFile:
    """Attach a file after checking its real content and size (as the practices' evidence)."""
    require_commune_body(by, disclosure.organization)
    if disclosure.status == DisclosureStatus.WITHDRAWN:
        raise DISCLOSURE_WORKFLOW.refusal(disclosure.status, "", verb="đính kèm tệp vào")
    if disclosure.files.count() >= MAX_FILES:
        raise ServiceError(f"Mỗi nội dung công khai có tối đa {MAX_FILES} tệp.")
    try:
        kind = check_upload(upload, upload.name, upload.size, max_bytes=settings.DANVAN_MAX_EVIDENCE_BYTES)
    except UploadRejected as e:
        raise ServiceError(str(e), extra={"file": upload.name}) from e
    row = DisclosureFile(
        disclosure=disclosure,
        original_name=upload.name[:255],
        kind=kind.name,
        size=upload.size,
        token=secrets.token_hex(16),
        uploaded_by=by,
    )
    row.file.save(f"{row.token}.{kind.name}", upload, save=False)
    try:
        row.save()
        record(
            actor=by,
            action=AuditAction.CREATE,
            obj=row,
            object_repr=f"Tệp “{row.original_name}” của {_label(disclosure)}",
            changes={"disclosure": [None, disclosure.pk], "size": [None, upload.size]},
        )
    except Exception:
        row.file.delete(save=False)  # the file system is not part of the transaction
        raise
    return row


def _obligation_for(disclosure: Disclosure) -> Obligation | None:
    """The obligation this disclosure fulfils: the period containing its ``period_start``, or else the oldest
    unfulfilled period of its category begun by the day of publication."""
    qs = Obligation.objects.filter(unit=disclosure.unit, category=disclosure.category, disclosure__isnull=True)
    if disclosure.period_start is not None:
        qs = qs.filter(period_start__lte=disclosure.period_start, period_end__gte=disclosure.period_start)
    else:
        qs = qs.filter(period_start__lte=disclosure.published_on)
    return qs.order_by("period_start", "id").first()


@transaction.atomic
def disclosure_publish(*, disclosure: Disclosure, by) -> Disclosure:
    """Publish on the first day a form started (today if none has a date); fulfil the matching obligation."""
    require_commune_body(by, disclosure.organization)
    DISCLOSURE_WORKFLOW.require(disclosure.status, DisclosureAction.PUBLISH)
    channels = list(disclosure.channels.all())
    if not channels:
        raise ServiceError("Hãy ghi ít nhất một hình thức công khai trước khi công khai.")
    today = timezone.localdate()
    published_on = min((c.posted_on for c in channels if c.posted_on), default=today)
    if published_on > today:
        raise ServiceError("Chưa đến ngày niêm yết, đăng tải: chưa thể ghi nhận đã công khai.")
    transition(
        DISCLOSURE_WORKFLOW,
        disclosure,
        action=DisclosureAction.PUBLISH,
        by=by,
        updates={"published_on": published_on},
        object_repr=_label(disclosure),
    )
    obligation = _obligation_for(disclosure)
    if obligation is not None:
        Obligation.objects.filter(pk=obligation.pk, disclosure__isnull=True).update(
            disclosure=disclosure, done_on=published_on
        )
        record(
            actor=by,
            action=AuditAction.UPDATE,
            obj=obligation,
            object_repr=str(obligation),
            changes={"done_on": [None, published_on], "disclosure": [None, disclosure.pk]},
        )
    return disclosure


@transaction.atomic
def disclosure_withdraw(*, disclosure: Disclosure, by, reason: str) -> Disclosure:
    """Withdraw a disclosure published by mistake: the obligation it fulfilled is open again."""
    require_commune_body(by, disclosure.organization)
    if not reason.strip():
        raise ServiceError("Hãy nêu lý do thu hồi.")
    transition(
        DISCLOSURE_WORKFLOW,
        disclosure,
        action=DisclosureAction.WITHDRAW,
        by=by,
        reason=reason.strip(),
        object_repr=_label(disclosure),
    )
    for obligation in Obligation.objects.filter(disclosure=disclosure):
        Obligation.objects.filter(pk=obligation.pk).update(disclosure=None, done_on=None)
        record(actor=by, action=AuditAction.UPDATE, obj=obligation, object_repr=str(obligation),
               changes={"done_on": [obligation.done_on, None], "disclosure": [disclosure.pk, None]})  # fmt: skip
    return disclosure
