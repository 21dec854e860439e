"""Officers' pages: the queue of their bodies, a case with its history and actions, recording a
case on a citizen's behalf. Outside the user's scope a case is a 404."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases import access, conf, duplicates, handling, intake, rounds, selectors, sessions
from cases.competence import DECISION_KINDS, competent_body, decides, head_of
from cases.forms import AnswerForm, ImportForm, ReasonForm, RecordForm, UnlinkForm
from cases.models import OPEN_STATES, Case, Kind, Status
from cases.public_views import file_response
from geo.models import AdminUnit
from geo.selectors import unit_on
from lib.actions import dispatch
from lib.errors import ServiceError
from lib.params import page_int
from orgs import permissions
from orgs.models import Organization
from orgs.scope import scope_for


def _queue_filters(request) -> selectors.QueueFilters:
    when = request.GET.get("han", "")
    status = request.GET.get("trang_thai", "open" if not when else "")
    return selectors.QueueFilters(
        status=status if status in ("open", *Status.values) else "",
        kind=request.GET.get("loai", "") if request.GET.get("loai", "") in Kind.values else "",
        when=when if when in ("overdue", "due_soon") else "",
        q=request.GET.get("q", "")[:200],
        # "Toàn địa bàn": every case in the user's scope (a province's Ban follows its communes' cases), as the API's
        # ``all``; by default the cases of the user's own bodies.
        mine=request.GET.get("pham_vi", "") != "dia-ban",
        unit=_unit_filter(request),
        received_from=_day(request, "nhan_tu"),
        received_to=_day(request, "nhan_den"),
        answer=request.GET.get("tra_loi", "") if request.GET.get("tra_loi", "") in ANSWER_LABELS else "",
        # A body's cases (an organisation's dashboard): a filter on the user's visible cases, so no wider list.
        organization_id=page_int(request.GET, "to_chuc", minimum=1),
    )


# The queue's answer filter (a dashboard's figures open it): ``selectors.ANSWERS``'s keys.
ANSWER_LABELS = {
    "answered": "đã trả lời",
    "answered_on_time": "trả lời đúng hạn",
    "rated": "người gửi đã đánh giá",
    "satisfied": "người gửi hài lòng",
}


def _day(request, name: str):
    """A day of the query (YYYY-MM-DD, as a dashboard's link writes it), or None when absent or not a day."""
    try:
        return dt.date.fromisoformat(request.GET.get(name, "").strip()[:10])
    except ValueError:
        return None


def _unit_filter(request):
    """The ``don_vi`` of a dashboard's link: a unit code inside the user's scope, else no unit filter (a code outside
    the scope adds nothing: the list is scoped anyway)."""
    code = request.GET.get("don_vi", "").strip()[:10]
    if not code:
        return None
    unit = unit_on(code) or AdminUnit.objects.filter(code=code).order_by("-valid_to", "level").first()
    return unit if unit is not None and scope_for(request.user).covers(unit) else None


def _percent(part: int, whole: int) -> str:
    """ "87,5%" (Vietnamese decimal comma), or "—" when nothing was counted."""
    if not whole:
        return "—"
    return f"{100 * part / whole:.1f}".replace(".", ",").removesuffix(",0") + "%"


class _ShownRow(NamedTuple):
    """A queue row as the table shows it, its link, labels and date written out here rather than by the ``url`` tag,
    the date filter and the method calls for each of a page's rows."""

    url: str
    display_code: str
    title: str
    kind_label: str
    unit_name: str
    status: str
    status_label: str
    due: str  # dd/mm/yyyy, or "" without a running limit
    overdue: bool
    organization_name: str
    escalated_to_name: str | None


def _shown_rows(rows, today) -> list[_ShownRow]:
    # A case's page is its key under the queue's own path ("<int:pk>/" in cases/urls.py; a test checks it against
    # ``reverse``): one reverse() for the page rather than one a row.
    base = reverse("cases:queue")
    return [
        _ShownRow(
            f"{base}{row.pk}/",
            row.display_code,
            row.title,
            row.get_kind_display(),
            row.unit_name,
            row.status,
            row.get_status_display(),
            row.due_date.strftime("%d/%m/%Y") if row.due_date else "",
            row.due_date is not None and row.due_date < today,
            row.organization_name,
            row.escalated_to_name,
        )
        for row in rows
    ]


@login_required
def queue(request):
    today = timezone.localdate()
    filters = _queue_filters(request)
    # A text search counts to 1.000 ("hơn 1.000"), as the API and the practices list do: counting 100,000 matches of
    # a broad word is the slow part of a search on PostgreSQL.
    page = selectors.queue_page(request.user, filters, request.GET.get("page"), today=today)
    counts = selectors.queue_counts(request.user, today=today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/queue.html",
        {
            "page": page,
            "rows": _shown_rows(page, today),
            "filters": filters,
            "counts": counts,
            "on_time_pct": _percent(counts["answered_on_time"], counts["answered"]),
            "satisfied_pct": _percent(counts["satisfied"], counts["rated"]),
            "today": today,
            "soon": conf.due_soon_days(),
            "statuses": Status.choices,
            "kinds": Kind.choices,
            "query": query.urlencode(),
            "answer_label": ANSWER_LABELS.get(filters.answer, ""),
            "can_record": bool(permissions.user_org_ids(request.user, write=True)),
        },
    )


@login_required
def detail(request, pk: int):
    case = selectors.get_case_for_user(request.user, pk)
    can_handle = access.can_handle(request.user, case)
    petitioner = selectors.petitioner_for(request.user, case) if request.GET.get("xem") == "nguoi-gui" else None
    today = timezone.localdate()
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "can_handle": can_handle,
            "can_see_identity": selectors.can_see_identity(request.user, case),
            "petitioner": petitioner,
            "events": case.events.select_related("by", "from_organization", "to_organization"),
            "answers": case.answers.select_related("organization", "by").prefetch_related("files"),
            "own_files": case.attachments.filter(answer__isnull=True)
            if selectors.can_see_identity(request.user, case)
            else [],
            "similar": selectors.similar_open_cases(case) if case.status in OPEN_STATES else [],
            "main_case": Case.objects.visible_to(request.user)
            .filter(pk=case.duplicate_of_id)
            .only("id", "code", "title")
            .first()
            if case.duplicate_of_id
            else None,
            "duplicates": Case.objects.visible_to(request.user)
            .filter(duplicate_of=case)
            .only("id", "code", "title", "status")
            .order_by("id"),
            "transfer_to": Organization.objects.filter(is_active=True, unit__province_id=case.province_id)
            .exclude(pk=case.organization_id)
            .order_by("tier", "name")[:200],
            "reason_form": ReasonForm(),
            "unlink_form": UnlinkForm(),
            "can_unlink": bool(case.duplicate_of_id) and can_handle and case.status in duplicates.UNLINKABLE_STATES,
            "answer_form": AnswerForm(),
            "Status": Status,
            "is_open": case.status in OPEN_STATES,
            "can_escalate": handling.escalation_due(case, today),
            "overdue": bool(case.due_date and case.due_date < today),
            **_legal_path_context(case, today),
        },
    )


def _legal_path_context(case: Case, today) -> dict:
    """What the legal path offers on this case: forwarding (a body that only receives), a second round (a decided or
    overdue first-time complaint), identifying an unsigned denunciation's sender."""
    must_forward = case.kind in DECISION_KINDS and not decides(case.organization) and case.status in OPEN_STATES
    competent = competent_body(case.unit, today) if must_forward else None
    can_second_round = False
    if case.kind == Kind.COMPLAINT_FIRST:
        opens, last = rounds.second_round_window(case)
        started = opens is not None and (case.answered_at is not None or today > opens)
        can_second_round = started and last is not None and today <= last and not case.second_rounds.exists()
    return {
        "must_forward": must_forward,
        "competent_head": head_of(competent) if competent is not None else "",
        "can_second_round": can_second_round,
        "second_rounds": case.second_rounds.only("id", "code", "organization__name").select_related("organization"),
    }


def _accept(request, case: Case) -> str:
    post = request.POST
    handling.case_accept(
        case=case,
        by=request.user,
        is_complex=post.get("is_complex") == "on",
        is_especially_complex=post.get("is_especially_complex") == "on",
        is_remote_area=post.get("is_remote_area") == "on",
    )
    return "Đã thụ lý vụ việc."


def _forward(request, case: Case) -> str:
    rounds.case_forward(case=case, by=request.user, document=request.POST.get("document", ""))
    return "Đã chuyển đơn đến người đứng đầu cơ quan hành chính có thẩm quyền."


def _second_round(request, case: Case):
    second, _token = rounds.case_complain_again(
        first=case, by=request.user, reason=request.POST.get("reason", ""), channel=request.POST.get("channel", "")
    )
    messages.success(request, f"Đã ghi nhận khiếu nại lần hai {second.display_code} gửi {second.organization.name}.")
    return redirect("cases:detail", pk=second.pk)


def _verify(request, case: Case) -> str:
    contact = {f: request.POST.get(f, "")[:300] for f in intake.IDENTITY_FIELDS}
    rounds.case_verify_identity(case=case, by=request.user, contact=contact)
    return "Đã xác định người tố cáo; vụ việc được xử lý theo Luật Tố cáo."


def _release(request, case: Case) -> str:
    handling.case_release(case=case, by=request.user)
    return "Đã duyệt nội dung, vụ việc chuyển sang tiếp nhận."


def _dismiss(request, case: Case) -> str:
    handling.case_dismiss(case=case, by=request.user, reason=request.POST.get("reason", ""))
    return "Đã ghi nhận không thụ lý; người gửi sẽ thấy lý do."


def _transfer(request, case: Case) -> str:
    to = Organization.objects.filter(pk=request.POST.get("organization") or 0, is_active=True).first()
    if to is None:
        raise ServiceError("Hãy chọn cơ quan nhận.")
    handling.case_transfer(case=case, by=request.user, to=to, reason=request.POST.get("reason", ""))
    return f"Đã chuyển vụ việc cho {to.name}."


def _answer(request, case: Case) -> str:
    handling.case_answer(
        case=case, by=request.user, text=request.POST.get("text", ""), files=request.FILES.getlist("files")
    )
    return "Đã gửi trả lời; người gửi xem được tại đường dẫn riêng."


def _extend(request, case: Case) -> str:
    handling.case_extend(case=case, by=request.user, reason=request.POST.get("reason", ""))
    return "Đã gia hạn giải quyết."


def _request_info(request, case: Case) -> str:
    handling.case_request_info(case=case, by=request.user, question=request.POST.get("question", ""))
    return "Đã gửi đề nghị bổ sung thông tin; người gửi xem được tại đường dẫn riêng."


def _duplicate(request, case: Case) -> str:
    main = selectors.find_public(request.POST.get("code", ""))
    if main is None or not Case.objects.visible_to(request.user).filter(pk=main.pk).exists():
        raise ServiceError("Không tìm thấy vụ việc chính có mã này trong phạm vi của bạn.")
    duplicates.case_link_duplicate(case=case, main=main, by=request.user)
    return f"Đã gộp vào vụ việc {main.display_code}; trả lời vụ việc đó sẽ gửi cả người gửi này."


def _unlink(request, case: Case) -> str:
    duplicates.case_unlink_duplicate(case=case, by=request.user, reason=request.POST.get("reason", ""))
    return "Đã tách vụ việc khỏi vụ việc chính; vụ việc được giải quyết riêng."


def _escalate(request, case: Case) -> str:
    handling.case_escalate(case=case, by=request.user)
    return "Đã chuyển cấp trên theo dõi."


ACTIONS = {
    "accept": _accept,
    "release": _release,
    "dismiss": _dismiss,
    "transfer": _transfer,
    "answer": _answer,
    "extend": _extend,
    "request_info": _request_info,
    "duplicate": _duplicate,
    "unlink": _unlink,
    "escalate": _escalate,
    "forward": _forward,
    "second_round": _second_round,
    "verify": _verify,
}


@login_required
@require_POST
def act(request, pk: int, action: str):
    """Every button on the case page posts here; the services decide what is legal."""
    case = selectors.get_case_for_user(request.user, pk)
    return dispatch(request, case, action, ACTIONS, done=redirect("cases:detail", pk=pk))


@login_required
def record(request):
    if not permissions.user_org_ids(request.user, write=True):
        messages.error(request, "Bạn chưa thuộc cơ quan nào có quyền ghi nhận ý kiến.")
        return redirect("cases:queue")
    session = None
    if request.GET.get("buoi"):
        try:
            session = sessions.session_for_user(request.user, int(request.GET["buoi"]))
        except ValueError as e:
            raise Http404 from e
        except ServiceError as e:  # reception days are not installed
            messages.error(request, e.message)
            return redirect("cases:queue")
    initial = {"received_on": session.date if session else timezone.localdate(), "channel": "in_person"}
    form = RecordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case, _token = intake.case_record(
                by=request.user,
                kind=data["kind"],
                topic=data["topic"],
                unit=data["unit"],
                title=data["title"],
                content=data["content"],
                channel=data["channel"],
                contact=form.contact(),
                received_on=data["received_on"],
                files=request.FILES.getlist("files"),
                people_count=data["people_count"] or 1,
                is_remote_area=data["is_remote_area"],
                is_complex=data["is_complex"],
                session=session,
            )
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, f"Đã ghi nhận ý kiến, mã tra cứu {case.display_code}.")
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/record.html",
        {"form": form, "chosen_unit": getattr(form, "cleaned_data", {}).get("unit"), "session": session},
    )


@login_required
def import_template(request):
    from cases import excel

    response = HttpResponse(excel.template_workbook(), content_type=excel.XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-y-kien.xlsx"'
    return response


@login_required
def import_cases(request):
    """Officers import cases received by letter, phone or in person from the XLSX template."""
    from cases import excel

    if not permissions.user_org_ids(request.user, write=True):
        messages.error(request, "Bạn chưa thuộc cơ quan nào có quyền ghi nhận ý kiến.")
        return redirect("cases:queue")
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = excel.cases_import(
                upload=form.cleaned_data["file"], by=request.user, dry_run=form.cleaned_data["dry_run"]
            )
        except ServiceError as e:
            form.add_error("file", e.message)
        else:
            if result.errors:
                messages.error(
                    request, f"Tệp có {len(result.errors)} lỗi, chưa nhập dòng nào. Hãy sửa rồi tải lên lại."
                )
            elif result.dry_run:
                messages.success(
                    request,
                    f"Tệp hợp lệ: sẽ nhập {len(result.created)} ý kiến, bỏ qua {result.skipped} ý kiến đã có. "
                    "Chưa nhập dòng nào.",
                )
            else:
                messages.success(
                    request, f"Đã nhập {len(result.created)} ý kiến; bỏ qua {result.skipped} ý kiến đã nhập trước đó."
                )
    return render(
        request,
        "cases/import.html",
        {"form": form, "result": result, "max_rows": excel.MAX_ROWS, "max_mb": excel.max_bytes() // (1024 * 1024)},
    )


@login_required
def export_cases(request):
    """The queue as filtered on screen, as XLSX: no sender's identity or contact details."""
    from cases import excel

    rows = selectors.queue(request.user, _queue_filters(request))
    response = HttpResponse(excel.export_workbook(rows), content_type=excel.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="y-kien-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


@login_required
def attachment(request, pk: int, file_id: int):
    case = selectors.get_case_for_user(request.user, pk)
    found = selectors.attachment_for(request.user, case, file_id)
    if found is None:
        raise Http404("Không tìm thấy tệp.")
    return file_response(found)
