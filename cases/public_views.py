"""Citizens' pages (no account): send a case, see its code, follow it.

The code alone shows only the status, the kind and the handling body — nothing a stranger who
guessed or overheard a code should learn. The private link (code + token) shows the content, the
answers and their files, and lets the sender confirm or reopen. Text is always rendered escaped.
"""

from __future__ import annotations

import json
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.signing import BadSignature
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cases import citizen_updates, conf, handling, intake, lookup_limit, rounds, selectors
from cases.competence import DECISION_KINDS
from cases.forms import ReasonForm, SubmitForm, TrackForm
from cases.models import Attachment, Case, Kind, Status, Subscription
from geo.nearest import nearest_commune
from geo.selectors import picker_search
from geo.views import near_province
from lib.clients import client_ip
from lib.errors import ServiceError

# The private tokens of the cases this browser just sent, until the receipt page shows them once. In a signed cookie
# rather than the session: a session kept for an anonymous sender was a second write (its own transaction, on SQLite
# a second turn of the one writer's lock) for every submission (issue 19). The cookie holds only what the receipt
# page shows the same browser a moment later.
TOKENS_COOKIE = "danvan_da_gui"
TOKENS_SALT = "cases.public_views.new-tokens"
TOKENS_MAX_AGE = 60 * 60
TOKENS_KEPT = 5  # the newest few: a browser sending many cases keeps a bounded cookie


def _new_tokens(request) -> dict[str, str]:
    try:
        tokens = json.loads(request.get_signed_cookie(TOKENS_COOKIE, salt=TOKENS_SALT, max_age=TOKENS_MAX_AGE))
    except (KeyError, BadSignature, ValueError):
        return {}
    if not isinstance(tokens, dict):
        return {}
    return {str(k): str(v) for k, v in tokens.items()}


def _keep_tokens(response, tokens: dict[str, str]) -> None:
    path = reverse("cases_public:submit")
    if not tokens:
        response.delete_cookie(TOKENS_COOKIE, path=path, samesite="Lax")
        return
    response.set_signed_cookie(
        TOKENS_COOKIE,
        json.dumps(dict(list(tokens.items())[-TOKENS_KEPT:])),
        salt=TOKENS_SALT,
        max_age=TOKENS_MAX_AGE,
        path=path,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def lookup_limited(view):
    """Counts each request to ``view`` against the per-address lookup limit (``cases.lookup_limit``, shared with the
    API) and answers 429 past it: a tracking code or a private link's token is found only by trying many."""

    @wraps(view)
    def limited(request, *args, **kwargs):
        wait = lookup_limit.hit(request)
        if wait is not None:
            return too_many_lookups(request, wait)
        return view(request, *args, **kwargs)

    return limited


def too_many_lookups(request, wait: int) -> HttpResponse:
    response = render(
        request, "cases/public/too_many.html", {"message": lookup_limit.MESSAGE, "wait": wait}, status=429
    )
    response["Retry-After"] = str(wait)
    add_never_cache_headers(response)
    return response


def unit_picker(request):
    """The picker's fragment for citizens: communes and provinces valid today (no account needed)."""
    q = request.GET.get("q", "")[:100]
    units = picker_search(q, on=timezone.localdate(), near_province_id=near_province(request), exclude_districts=True)
    return render(request, "geo/_picker_results.html", {"units": units, "q": q})


def nearest_unit(request):
    """The commune nearest to a map pin (geo.nearest: by centroid, a suggestion the sender can change)."""
    try:
        lat, lng = float(request.GET.get("lat", "")), float(request.GET.get("lng", ""))
    except ValueError:
        return JsonResponse({"error": "Toạ độ không hợp lệ."}, status=400)
    unit = nearest_commune(lat, lng, timezone.localdate())
    if unit is None:
        return JsonResponse(
            {"error": "Không tìm thấy xã, phường gần vị trí này; hãy chọn trong danh sách."}, status=404
        )
    province = unit.province.name if unit.province_id and unit.province_id != unit.pk else ""
    return JsonResponse({"code": unit.code, "name": unit.name, "province": province})


@require_http_methods(["GET", "POST"])
def submit(request):
    form = SubmitForm(request.POST or None, initial={"kind": request.GET.get("loai", "feedback")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case, token = intake.case_submit(
                kind=data["kind"],
                topic=data["topic"],
                unit=data["unit"],
                title=data["title"],
                content=data["content"],
                contact=form.contact(),
                files=request.FILES.getlist("files"),
                client_ip=client_ip(request),
                people_count=data["people_count"] or 1,
                notify_email=data.get("notify_email", ""),
                latitude=data.get("latitude"),
                longitude=data.get("longitude"),
            )
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            # The token is shown once, on the next page; only its hash is stored.
            response = redirect("cases_public:sent", code=case.code)
            _keep_tokens(response, {**_new_tokens(request), case.code: token})
            return response
    chosen = getattr(form, "cleaned_data", {}).get("unit")
    return render(
        request,
        "cases/public/submit.html",
        {"form": form, "chosen_unit": chosen, "max_files": conf.max_attachments()},
    )


@never_cache
@lookup_limited
def sent(request, code: str):
    case = selectors.find_public(code)
    if case is None:
        raise Http404("Không tìm thấy ý kiến.")
    tokens = _new_tokens(request)
    token = tokens.pop(case.code, None)
    private_url = (
        request.build_absolute_uri(reverse("cases_public:private", args=[case.code, token])) if token else None
    )
    # Only the sender, right after sending (the token is still in their cookie), is told that a confirmation left.
    subscription = bool(token) and Subscription.objects.filter(case=case).exists()
    response = render(
        request, "cases/public/sent.html", {"case": case, "private_url": private_url, "subscription": subscription}
    )
    _keep_tokens(response, tokens)
    return response


NOT_FOUND = "Không tìm thấy ý kiến có mã này. Hãy kiểm tra lại (mã gồm 8 ký tự)."


def track(request):
    """The status of a case by its tracking code: what the code alone shows, no content and no identity."""
    form = TrackForm(request.GET or None)
    case = None
    if form.is_bound:  # a lookup (the empty form costs nothing against the limit)
        wait = lookup_limit.hit(request)
        if wait is not None:
            return too_many_lookups(request, wait)
        if form.is_valid():
            case = selectors.find_status(form.cleaned_data["ma"])
            if case is None:
                form.add_error("ma", NOT_FOUND)
    return render(request, "cases/public/track.html", {"form": form, "case": case})


def _private_case(code: str, token: str) -> Case:
    case = selectors.find_private(code, token)
    if case is None:
        # The same answer whether the code or the token is wrong: the link reveals nothing.
        raise Http404("Đường dẫn theo dõi không đúng hoặc đã hết hiệu lực.")
    return case


@never_cache
@require_http_methods(["GET", "POST"])
@lookup_limited
def private(request, code: str, token: str):
    case = _private_case(code, token)
    reason_form = ReasonForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm":
                handling.case_confirm(case=case, token=token)
                messages.success(request, "Cảm ơn bạn đã xác nhận. Vụ việc đã kết thúc.")
                return redirect(request.path)
            if action == "second_round":
                if not reason_form.is_valid():
                    raise ServiceError("Hãy nêu lý do không đồng ý với kết quả giải quyết lần đầu.")
                second, second_token = rounds.case_complain_again(
                    first=case, token=token, reason=reason_form.cleaned_data["reason"]
                )
                messages.success(
                    request,
                    f"Đã gửi khiếu nại lần hai (mã {second.display_code}) đến {second.organization.name}. "
                    "Hãy lưu địa chỉ trang này để theo dõi.",
                )
                return redirect("cases_public:private", code=second.code, token=second_token)
            if action == "reopen":
                if not reason_form.is_valid():
                    raise ServiceError("Hãy nêu lý do chưa đồng ý với kết quả trả lời.")
                handling.case_reopen(case=case, token=token, reason=reason_form.cleaned_data["reason"])
                messages.success(request, "Đã gửi đề nghị xem xét lại. Cơ quan xử lý sẽ trả lời bạn.")
                return redirect(request.path)
            raise ServiceError("Thao tác không hợp lệ.")
        except ServiceError as e:
            messages.error(request, e.message)
    answers = list(case.answers.prefetch_related("files").select_related("organization"))
    window_open = False
    today = timezone.localdate()
    if case.status == Status.ANSWERED and case.answered_at:
        window_open = (today - timezone.localdate(case.answered_at)).days <= conf.reopen_window_days()
    # A first-time complaint is not reopened: the complainant may complain a second time to the level above.
    second_round_open = False
    if case.kind == Kind.COMPLAINT_FIRST and not case.second_rounds.exists():
        opens, last = rounds.second_round_window(case)
        second_round_open = (
            opens is not None and last is not None and (case.answered_at or today > opens) and today <= last
        )
    response = render(
        request,
        "cases/public/private.html",
        {
            "case": case,
            "token": token,
            "events": case.events.filter(public=True).select_related("to_organization"),
            "answers": answers,
            "own_files": case.attachments.filter(answer__isnull=True),
            "reason_form": reason_form,
            "window_open": window_open,
            "can_reopen": case.kind not in DECISION_KINDS,
            "second_round_open": second_round_open,
            "window_days": conf.reopen_window_days(),
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@lookup_limited
def private_file(request, code: str, token: str, file_id: int):
    case = _private_case(code, token)
    attachment = Attachment.objects.filter(case=case, pk=file_id).first()
    if attachment is None:
        raise Http404("Không tìm thấy tệp.")
    return file_response(attachment)


def file_response(attachment: Attachment) -> HttpResponse:
    with attachment.file.open("rb") as f:
        response = HttpResponse(f.read(), content_type="application/octet-stream")
    # Always a download, never rendered inline; the stored name is not echoed back.
    response["Content-Disposition"] = f'attachment; filename="tep-{attachment.pk}.{attachment.kind}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_address(request, subscription_id: int, token: str):
    """The link of the confirmation message: GET shows what it confirms, POST confirms (a mail scanner that
    opens links does not confirm for the sender)."""
    done = False
    if request.method == "POST":
        try:
            citizen_updates.confirm(subscription_id, token)
        except ServiceError as e:
            raise Http404(e.message) from None
        done = True
    return render(request, "cases/public/confirm_address.html", {"done": done})


@csrf_exempt  # RFC 8058: a mail client POSTs "List-Unsubscribe=One-Click" here without a form of ours
@never_cache
@require_http_methods(["GET", "POST"])
def stop(request, token: str):
    """Stop the messages about one case: one click from the message (GET shows the button, POST stops)."""
    try:
        subscription = (
            citizen_updates.stop(token) if request.method == "POST" else citizen_updates.subscription_for_stop(token)
        )
    except ServiceError as e:
        raise Http404(e.message) from None
    return render(
        request,
        "cases/public/stop.html",
        {
            "code": subscription.case.display_code,
            "stopped": subscription.stopped_at is not None or request.method == "POST",
        },
    )
