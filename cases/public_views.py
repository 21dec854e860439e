"""Citizens' pages (no account): send a case, see its code, follow it.

The code alone shows only the status, the kind and the handling body — nothing a stranger who
guessed or overheard a code should learn. The private link (code + token) shows the content, the
answers and their files, and lets the sender confirm or reopen. Text is always rendered escaped.
"""

from __future__ import annotations

import re
from html import escape as _escape

from django.conf import settings
from django.contrib import messages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cases import conf, handling, intake, selectors
from cases.forms import CaseForm, ReasonForm, TrackForm, plain_code
from cases.models import Attachment, Case, Status
from geo.models import Level
from lib.clients import client_ip
from lib.errors import ServiceError

SESSION_KEY = "cases_new_tokens"


def unit_picker(request):
    """The picker's fragment for citizens: communes and provinces valid today (no account needed)."""
    q = request.GET.get("q", "")[:100]
    units = []
    if q.strip():
        from geo.selectors import units_on

        qs = units_on(timezone.localdate()).exclude(level=Level.DISTRICT).search(q)
        units = list(qs.select_related("province", "district").order_by("-level", "sort_key", "code")[:20])
    return render(request, "geo/_picker_results.html", {"units": units, "q": q})


@require_http_methods(["GET", "POST"])
def submit(request):
    form = CaseForm(request.POST or None, initial={"kind": request.GET.get("loai", "feedback")})
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
    return render(request, "cases/public/sent.html", {"case": case, "private_url": private_url})


NOT_FOUND = "Không tìm thấy ý kiến có mã này. Hãy kiểm tra lại (mã gồm 8 ký tự)."


# The lookup's usual query string, ?ma=<a code's characters>, read without building request.GET (parsing it into a
# QueryDict was a tenth of the page's own cost); any other query string is read by Django as before.
_PLAIN_QUERY = re.compile(r"ma=([0-9A-Za-z-]{1,20})")


def track(request):
    plain = _PLAIN_QUERY.fullmatch(request.META.get("QUERY_STRING", ""))
    typed = plain.group(1) if plain else request.GET.get("ma")
    code = plain_code(typed)
    if code is not None:
        case = selectors.find_status(code)
        body = track_body(typed, [] if case else [NOT_FOUND], case)
    else:  # nothing typed yet, or what TrackForm refuses: its own message
        form = TrackForm(request.GET or None)
        form.is_valid()
        body = track_body(form["ma"].value(), form.errors.get("ma", []), None)
    return render_framed(request, "cases/public/track.html", body)


# The status lookup is the busiest public page. Its content is written out here rather than in a template: through
# the template engine these twenty lines cost 0.08 ms a request, more than the lookup itself; track_body escapes
# every value (the typed code, the error, the handling body's name) as the template did.
_TRACK_FORM = """<h1>Tra cứu tình trạng ý kiến</h1>
<form method="get" class="form card">
  <div class="field{}">
    <label for="id_ma">Mã tra cứu <span aria-hidden="true">*</span></label>
    <input type="text" name="ma" id="id_ma" maxlength="20" required value="{}"{}>{}
  </div>
  <button class="btn btn-primary" type="submit">Tra cứu</button>
</form>
"""
_TRACK_ERROR_ATTRS = SafeString(' aria-invalid="true" aria-describedby="id_ma-errors"')
_TRACK_ERRORS = '\n    <div class="errors" id="id_ma-errors">{}</div>'
_TRACK_STATUS = """<section class="card" id="case-status">
  <h2>Ý kiến {}</h2>
  <dl class="facts">
    <dt>Loại</dt><dd>{}</dd>
    <dt>Tình trạng</dt><dd><span class="badge case-{}">{}</span></dd>
    <dt>Ngày nhận</dt><dd>{}</dd>
    <dt>Cơ quan xử lý</dt><dd>{}</dd>{}
  </dl>
  <p class="hint">Nội dung, kết quả trả lời và tệp đính kèm chỉ xem được
    bằng đường dẫn riêng người gửi nhận khi gửi.</p>
</section>
"""
_TRACK_DUE = "\n    <dt>Hạn xử lý hiện tại</dt><dd>{}</dd>"


def track_body(value: str | None, errors: list[str], case: selectors.StatusRow | None) -> SafeString:
    """The lookup form (the typed code, its errors) and, for a code found, what the code alone shows.

    Every value is escaped as the template (and ``format_html``) would — ``html.escape`` is what Django's ``escape``
    calls — without ``format_html``'s checks for lazy and safe values, which none of these is: a third of this
    function's cost."""
    html = _TRACK_FORM.format(
        " has-error" if errors else "",
        "" if value is None else _escape(value),
        _TRACK_ERROR_ATTRS if errors else "",
        _TRACK_ERRORS.format(_escape(" ".join(str(e) for e in errors))) if errors else "",
    )
    if case is not None:
        html += _TRACK_STATUS.format(
            _escape(case.display_code),
            _escape(case.get_kind_display()),
            _escape(case.status),
            _escape(case.get_status_display()),
            case.received_on.strftime("%d/%m/%Y"),
            _escape(case.organization_name),
            _TRACK_DUE.format(case.due_date.strftime("%d/%m/%Y")) if case.due_date else "",
        )
    return SafeString(html)


# --- The layout of a page for a visitor who is not signed in, rendered once per process -----------------------------
#
# Under gunicorn the layout around the status lookup (base.html: the static files' hashed URLs, the menu, the
# sign-in link, the footer) cost more than the lookup and its content together. For a visitor who is not signed in
# and has no pending message, that layout depends on nothing but the page's path (the menu marks the current
# section) and the language: it is rendered once, with a marker where the content goes, and each request joins its
# own content between the two halves. A signed-in user (their name, the sign-out form's CSRF token) or a pending
# message gets the layout rendered as usual. tests/cases/test_track_fast.py checks that both give the same bytes.

_SLOT = "\u2063danvan-content\u2063"  # INVISIBLE SEPARATOR on both sides: never part of a rendered layout
_frames: dict[tuple[str, str, str], tuple[str, str]] = {}


@receiver(setting_changed)
def _forget_frames(**kwargs) -> None:
    # A setting the layout reads (the source URL, the URL configuration) changed, in a test: render it again.
    _frames.clear()


def render_framed(request, template_name: str, body: SafeString) -> HttpResponse:
    """``render(request, template_name, {"body": body})``, for a template whose content block is ``{{ body }}`` and a
    view at a fixed path (a layout is kept per path)."""
    if request.user.is_authenticated or len(messages.get_messages(request)):
        return render(request, template_name, {"body": body})
    key = (template_name, request.path, get_language())
    frame = _frames.get(key)
    if frame is None:
        head, slot, tail = render_to_string(template_name, {"body": _SLOT}, request).partition(_SLOT)
        if not slot or _SLOT in tail:
            raise ValueError(f"{template_name} must show its body exactly once.")
        frame = (head, tail)
        if not settings.DEBUG:  # a developer sees an edited template at once
            _frames[key] = frame
    return HttpResponse(frame[0] + body + frame[1])


def _private_case(code: str, token: str) -> Case:
    case = selectors.find_private(code, token)
    if case is None:
        # The same answer whether the code or the token is wrong: the link reveals nothing.
        raise Http404("Đường dẫn theo dõi không đúng hoặc đã hết hiệu lực.")
    return case


@never_cache
@require_http_methods(["GET", "POST"])
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
