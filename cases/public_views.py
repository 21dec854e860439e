"""Citizens' pages (no account): send a case, see its code, follow it.

The code alone shows only the status, the kind and the handling body — nothing a stranger who
guessed or overheard a code should learn. The private link (code + token) shows the content, the
answers and their files, and lets the sender confirm or reopen. Text is always rendered escaped.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cases import citizen_updates, conf, handling, intake, lookup_limit, selectors
from cases.forms import ReasonForm, SubmitForm, TrackForm
from cases.models import Attachment, Case, Status, Subscription
from geo.selectors import picker_search
from geo.views import near_province
from lib.clients import client_ip
from lib.errors import ServiceError

SESSION_KEY = "cases_new_tokens"


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
            )
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            # The token is shown once, on the next page; only its hash is stored.
            request.session[SESSION_KEY] = {**request.session.get(SESSION_KEY, {}), case.code: token}
            return redirect("cases_public:sent", code=case.code)
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
    tokens = request.session.get(SESSION_KEY, {})
    token = tokens.pop(case.code, None)
    request.session[SESSION_KEY] = tokens
    private_url = (
        request.build_absolute_uri(reverse("cases_public:private", args=[case.code, token])) if token else None
    )
    # Only the sender, right after sending (the token is still in their session), is told that a confirmation left.
    subscription = bool(token) and Subscription.objects.filter(case=case).exists()
    return render(
        request, "cases/public/sent.html", {"case": case, "private_url": private_url, "subscription": subscription}
    )


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
    if case.status == Status.ANSWERED and case.answered_at:
        window_open = (timezone.localdate() - timezone.localdate(case.answered_at)).days <= conf.reopen_window_days()
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
