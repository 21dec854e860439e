"""Citizens told when their case moves: an optional address given with the case, confirmed by a link, then a
message through the outbox (``notifications.services.notify_citizen``; the worker sends it, retries it, never blocks
the officer's action) each time the case is accepted, transferred, extended, answered, closed or dismissed, or the
handler asks for more information.

A message carries the case's tracking code, a private link and a one-click way to stop; never another person's data,
never an officer's name, never the case's words. The private link is signed with the server's key
(``django.core.signing``) rather than stored: DanVan keeps only a hash of the sender's own token, and the signed link
opens the same private page (``token_matches``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audit.models import Action as AuditAction
from audit.services import record
from cases.models import Action, Case, Status, Subscription
from lib.errors import ServiceError
from notifications.channels import sms_enabled
from notifications.services import notify_citizen

LINK_SALT = "cases.citizen-updates.private-link"
STOP_SALT = "cases.citizen-updates.stop"
LINK_MAX_AGE = 2 * 365 * 24 * 3600  # a case's private page stays reachable from its messages for two years

# What the sender is told, and in which words (the action's own label is for officers).
ANNOUNCED = {
    Action.ACCEPT: "đã được thụ lý",
    Action.TRANSFER: "đã được chuyển đến cơ quan có thẩm quyền",
    Action.EXTEND: "được gia hạn thời gian giải quyết",
    Action.ANSWER: "đã có trả lời",
    Action.CLOSE: "đã kết thúc",
    Action.DISMISS: "không được thụ lý",
    Action.REQUEST_INFO: "cần bạn bổ sung thông tin",
}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def private_link_token(case: Case) -> str:
    return signing.dumps(case.pk, salt=LINK_SALT)


def link_token_matches(case: Case, token: str) -> bool:
    if ":" not in token:
        return False
    try:
        return signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE) == case.pk
    except signing.BadSignature:
        return False


def stop_token(subscription: Subscription) -> str:
    return signing.dumps(subscription.pk, salt=STOP_SALT)


def _paths(case: Case, subscription: Subscription) -> tuple[str, str]:
    private = reverse("cases_public:private", args=[case.display_code, private_link_token(case)])
    stop = reverse("cases_public:stop", args=[stop_token(subscription)])
    return private, stop


def subscribe(case: Case, *, email: str = "", phone: str = "") -> Subscription | None:
    """In the submission's transaction: record where to write and send the confirmation link there."""
    email, phone = email.strip(), phone.strip()
    if not email and not phone:
        return None
    if phone and not email and not sms_enabled():
        raise ServiceError("Hiện chưa gửi được thông báo qua tin nhắn; hãy để lại địa chỉ thư điện tử.")
    channel, address = ("email", email) if email else ("sms", phone)
    token = secrets.token_urlsafe(24)
    subscription = Subscription.objects.create(case=case, channel=channel, address=address, confirm_hash=_hash(token))
    confirm = reverse("cases_public:confirm_address", args=[subscription.pk, token])
    notify_citizen(
        channel=channel,
        address=address,
        subject=f"Xác nhận nhận thông báo cho ý kiến {case.display_code}",
        body=(
            f"Bạn đã gửi ý kiến mã {case.display_code} tới DanVan và đề nghị được thông báo khi ý kiến được xử lý. "
            "Hãy mở đường dẫn dưới đây để xác nhận địa chỉ này. Nếu không phải bạn, hãy bỏ qua thư này: "
            "sẽ không có thư nào khác."
        ),
        url=confirm,
        dedupe_key=f"case:{case.pk}:subscription:{subscription.pk}:confirm",
    )
    return subscription


def confirm(subscription_id: int, token: str) -> Subscription:
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update().select_related("case").filter(pk=subscription_id).first()
        )
        if subscription is None or not hmac.compare_digest(subscription.confirm_hash, _hash(token)):
            raise ServiceError("Đường dẫn xác nhận không đúng hoặc đã hết hiệu lực.", status_code=404)
        if subscription.confirmed_at is None:
            subscription.confirmed_at = timezone.now()
            subscription.save(update_fields=["confirmed_at"])
            record(
                actor="Người gửi",
                action=AuditAction.UPDATE,
                obj=subscription.case,
                object_repr=f"Ý kiến {subscription.case.display_code}",
                changes={"notifications": {"from": None, "to": "confirmed"}},
            )
    return subscription


def subscription_for_stop(token: str) -> Subscription:
    try:
        pk = signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature:
        raise ServiceError("Đường dẫn ngừng nhận thư không đúng.", status_code=404) from None
    subscription = Subscription.objects.select_related("case").filter(pk=pk).first()
    if subscription is None:
        raise ServiceError("Đường dẫn ngừng nhận thư không đúng.", status_code=404)
    return subscription


def stop(token: str) -> Subscription:
    """One click: no more messages for this case (idempotent)."""
    with transaction.atomic():
        subscription = subscription_for_stop(token)
        if subscription.stopped_at is None:
            Subscription.objects.filter(pk=subscription.pk).update(stopped_at=timezone.now())
            record(
                actor="Người gửi",
                action=AuditAction.UPDATE,
                obj=subscription.case,
                object_repr=f"Ý kiến {subscription.case.display_code}",
                changes={"notifications": {"from": "confirmed", "to": "stopped"}},
            )
    return subscription


def announce(case: Case, *, action: str, event_id: int) -> None:
    """Called with each public history line, in its transaction: queue the sender's message if they asked."""
    said = ANNOUNCED.get(action)
    if said is None:
        return
    subscription = Subscription.objects.filter(case=case).first()
    if subscription is None or not subscription.active:
        return
    private, stop_path = _paths(case, subscription)
    status = Status(case.status).label
    body = f"Ý kiến mã {case.display_code} của bạn {said}. Trạng thái hiện nay: {status}."
    if action == Action.REQUEST_INFO:
        body += " Hãy mở trang riêng của ý kiến để xem nội dung cần bổ sung."
    else:
        body += " Xem chi tiết và trả lời trên trang riêng của ý kiến."
    notify_citizen(
        channel=subscription.channel,
        address=subscription.address,
        subject=f"Ý kiến {case.display_code}: {said}",
        body=body,
        url=private,
        unsubscribe_url=stop_path,
        dedupe_key=f"case:{case.pk}:event:{event_id}:citizen",
    )
