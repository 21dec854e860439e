"""Pages of programmes, yearly plans, tasks, a party's task queue and the completion rates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from documents.selectors import documents_cited_by
from geo.models import AdminUnit
from geo.selectors import unit_on
from lib.actions import dispatch
from lib.errors import ServiceError
from lib.paging import CappedPaginator
from lib.params import page_int, query_choice, query_int
from orgs.models import Organization, Tier
from orgs.permissions import acts_for, get_organization_for_user, user_org_ids
from orgs.scope import scope_for, visible_organizations
from programmes import review, selectors, services
from programmes.citations import UNRESOLVED_NOTE, programme_documents_set
from programmes.forms import (
    ChecklistItemForm,
    DocumentsForm,
    NoteForm,
    PartyForm,
    PlanForm,
    ProgrammeForm,
    SubtaskForm,
    TaskForm,
)
from programmes.inspections import checklist_item_add
from programmes.models import OPEN_STATES, Task, TaskStatus, YearPlan

PAGE_SIZE = 25


def writable_organizations(user) -> list[Organization]:
    return list(Organization.objects.filter(pk__in=user_org_ids(user, write=True), is_active=True).order_by("sort_key"))


def party_candidates(user) -> list[Organization]:
    """Bodies a programme can bring together: the central and provincial bodies in the user's scope, and the
    user's own (communes take part through sub-tasks)."""
    return list(
        visible_organizations(user)
        .filter(Q(tier__in=[Tier.CENTRAL, Tier.PROVINCE]) | Q(pk__in=user_org_ids(user)), is_active=True)
        .order_by("tier", "sort_key")[:500]
    )


def _show_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@login_required
def programme_list(request):
    writable = writable_organizations(request.user)
    form = ProgrammeForm(writable=writable, parties=party_candidates(request.user) if writable else [])
    if request.method == "POST":
        form = ProgrammeForm(request.POST, writable=writable, parties=party_candidates(request.user))
        if form.is_valid():
            data = form.cleaned_data
            try:
                programme = services.programme_create(
                    by=request.user,
                    organization=data["organization"],
                    kind=data["kind"],
                    number=data["number"],
                    title=data["title"],
                    start_year=data["start_year"],
                    end_year=data["end_year"],
                    goals=data["goals"],
                    document_refs=data["document_refs"],
                    parties=form.parties(),
                )
            except ServiceError as e:
                form.add_error(None, e.message)
            else:
                messages.success(request, "Đã lập chương trình.")
                if programme.unresolved_refs:
                    messages.warning(request, f"Chưa có trong thư viện văn bản: {programme.unresolved_refs}.")
                return redirect("programmes:programme", programme.pk)
    qs = selectors.programmes_visible_to(request.user).select_related("organization").order_by("-start_year", "-id")
    page = CappedPaginator(qs, PAGE_SIZE).get_page(page_int(request.GET, "page"))
    return render(request, "programmes/list.html", {"page": page, "form": form, "can_create": bool(writable)})


@login_required
def programme_detail(request, pk: int):
    programme = selectors.get_programme_for_user(request.user, pk)
    documents = [c.document for c in documents_cited_by(programme, request.user)]
    today = timezone.localdate()
    parties = list(programme.parties.select_related("organization__parent"))
    party_orgs = [p.organization for p in parties]
    runs = services.runs_programme(request.user, programme)
    top_tasks = (
        Task.objects.filter(parent__isnull=True)
        .select_related("owner")
        .prefetch_related(
            Prefetch("children", queryset=Task.objects.select_related("owner").order_by("deadline", "id"))
        )
    )
    plans = list(
        programme.plans.prefetch_related(
            Prefetch("tasks", queryset=top_tasks.order_by("deadline", "id"), to_attr="top")
        )
    )
    for plan in plans:
        for task in plan.top:
            for t in [task, *task.children.all()]:
                t.state, t.state_label = t.state_on(today), t.state_label_on(today)
    tasks = Task.objects.filter(programme=programme)
    return render(
        request,
        "programmes/detail.html",
        {
            "programme": programme,
            "documents": documents,
            "unresolved_note": UNRESOLVED_NOTE,
            "documents_form": DocumentsForm(
                initial={"document_refs": "; ".join([d.code for d in documents if d.code] + programme.unresolved_list)}
            )
            if runs
            else None,
            "parties": parties,
            "plans": plans,
            "today": today,
            "runs": runs,
            "plan_form": PlanForm(initial={"year": today.year}, prefix="kh"),
            "task_form": TaskForm(parties=party_orgs, prefix="nv"),
            "party_form": PartyForm(organizations=party_candidates(request.user), prefix="bp") if runs else None,
            "rates": selectors.task_rates(tasks, group="party", today=today),
            "checklist": list(programme.checklist_items.filter(is_active=True)),
            "years": range(programme.start_year, programme.end_year + 1),
        },
    )


def _plan_add(request, programme):
    form = PlanForm(request.POST, prefix="kh")
    if not form.is_valid():
        return _show_errors(request, form)
    services.plan_create(programme=programme, by=request.user, **form.cleaned_data)
    return f"Đã lập kế hoạch năm {form.cleaned_data['year']}."


def _task_add(request, programme):
    plan = YearPlan.objects.filter(programme=programme, pk=query_int(request.POST, "plan") or 0).first()
    if plan is None:
        raise ServiceError("Không tìm thấy kế hoạch năm.")
    parties = [p.organization for p in programme.parties.select_related("organization")]
    form = TaskForm(request.POST, parties=parties, prefix="nv")
    if not form.is_valid():
        return _show_errors(request, form)
    services.task_create(plan=plan, by=request.user, **form.cleaned_data)
    return "Đã giao nhiệm vụ."


def _party_add(request, programme):
    form = PartyForm(request.POST, organizations=party_candidates(request.user), prefix="bp")
    if not form.is_valid():
        return _show_errors(request, form)
    services.programme_party_add(programme=programme, by=request.user, **form.cleaned_data)
    return "Đã thêm bên tham gia."


def _checklist_add(request, programme):
    form = ChecklistItemForm(request.POST)
    if not form.is_valid():
        return _show_errors(request, form)
    checklist_item_add(by=request.user, programme=programme, **form.cleaned_data)
    return "Đã thêm nội dung kiểm tra."


def _documents_set(request, programme):
    form = DocumentsForm(request.POST)
    if not form.is_valid():
        return _show_errors(request, form)
    resolution = programme_documents_set(
        programme=programme, by=request.user, references=form.cleaned_data["document_refs"]
    )
    if resolution.unresolved:
        messages.warning(request, f"Chưa có trong thư viện văn bản: {resolution.unresolved_text}.")
    return "Đã cập nhật văn bản thực hiện."


PROGRAMME_ACTIONS = {
    "van-ban": _documents_set,
    "ke-hoach": _plan_add,
    "nhiem-vu": _task_add,
    "ben-tham-gia": _party_add,
    "kiem-tra": _checklist_add,
}


@login_required
@require_POST
def programme_act(request, pk: int, action: str):
    programme = selectors.get_programme_for_user(request.user, pk)
    return dispatch(request, programme, action, PROGRAMME_ACTIONS, done=redirect("programmes:programme", pk))


@login_required
def programme_review(request, pk: int, year: int):
    programme = selectors.get_programme_for_user(request.user, pk)
    if not programme.start_year <= year <= programme.end_year:
        messages.error(request, f"Năm {year} nằm ngoài thời gian thực hiện chương trình.")
        return redirect("programmes:programme", pk)
    response = HttpResponse(
        review.programme_review_docx(programme, year),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="tong-ket-chuong-trinh-{programme.pk}-{year}.docx"'
    return response


def lower_organizations(task: Task) -> list[Organization]:
    """Bodies a task can be split to: the lower levels on the territory of its lead body."""
    unit = task.owner.unit
    if unit is None or unit.level == "commune":
        return []
    qs = Organization.objects.filter(unit__province_id=unit.province_id, is_active=True).exclude(unit_id=unit.pk)
    return list(qs.order_by("sort_key")[:1000])


@login_required
def task_detail(request, pk: int):
    task = selectors.get_task_for_user(request.user, pk)
    lead = acts_for(request.user, task.owner, task.programme.organization if task.programme_id else None)
    return render(
        request,
        "programmes/task.html",
        {
            "task": task,
            "state_label": task.state_label_on(timezone.localdate()),
            "cooperating": list(task.cooperating.all()),
            "children": list(task.children.select_related("owner").order_by("deadline", "id")),
            "notes": list(task.notes.select_related("organization").prefetch_related("evidence")),
            "lead": lead,
            "can_report": services.can_report(request.user, task),
            "is_open": task.status in OPEN_STATES,
            "note_form": NoteForm(),
            "subtask_form": SubtaskForm(lower=lower_organizations(task)) if lead else None,
            "TaskStatus": TaskStatus,
        },
    )


def _note(request, task):
    form = NoteForm(request.POST, request.FILES)
    if not form.is_valid():
        return _show_errors(request, form)
    data = form.cleaned_data
    services.task_note_add(
        task=task, by=request.user, text=data["text"], progress=data["progress"], uploads=data["files"]
    )
    return "Đã báo cáo tiến độ."


def _subtask(request, task):
    form = SubtaskForm(request.POST, lower=lower_organizations(task))
    if not form.is_valid():
        return _show_errors(request, form)
    services.subtask_create(parent=task, by=request.user, **form.cleaned_data)
    return "Đã giao nhiệm vụ cho cấp dưới."


TASK_ACTIONS = {
    "bao-cao": _note,
    "giao-cap-duoi": _subtask,
    "bat-dau": lambda r, t: services.task_start(task=t, by=r.user) and "Đã bắt đầu thực hiện.",
    "hoan-thanh": lambda r, t: services.task_complete(task=t, by=r.user) and "Đã hoàn thành nhiệm vụ.",
    "huy": lambda r, t: services.task_cancel(task=t, by=r.user, reason=r.POST.get("reason", "")) and "Đã hủy.",
    "mo-lai": lambda r, t: services.task_reopen(task=t, by=r.user, reason=r.POST.get("reason", "")) and "Đã mở lại.",
}


@login_required
@require_POST
def task_act(request, pk: int, action: str):
    task = selectors.get_task_for_user(request.user, pk)
    return dispatch(request, task, action, TASK_ACTIONS, done=redirect("programmes:task", pk))


@login_required
def queue(request):
    """A body's task queue: the tasks it leads or cooperates on, overdue and due first."""
    mine = list(Organization.objects.filter(pk__in=user_org_ids(request.user)).order_by("sort_key"))
    org_id = query_int(request.GET, "org", minimum=1) or (mine[0].pk if mine else None)
    state = query_choice(request.GET, "state", selectors.QUEUE_STATES) or "open"
    today = timezone.localdate()
    organization = get_organization_for_user(request.user, org_id) if org_id else None
    page = None
    if organization is not None:
        rows = selectors.task_queue(organization, state=state, today=today)
        page = CappedPaginator(rows, PAGE_SIZE).get_page(page_int(request.GET, "page"))
    return render(
        request,
        "programmes/queue.html",
        {
            "organization": organization,
            "mine": mine,
            "state": state,
            "states": selectors.QUEUE_STATE_LABELS,
            "page": page,
            "today": today,
            "query": f"org={organization.pk}&state={state}" if organization else "",
        },
    )


@login_required
def area_queue(request):
    """The tasks of the bodies of a unit's subtree (``don_vi``; none: all the user sees) in a state: the list behind
    a dashboard's programme figures. A unit outside the user's scope is a 404."""
    code = request.GET.get("don_vi", "").strip()[:10]
    unit = None
    if code:
        unit = unit_on(code) or AdminUnit.objects.filter(code=code).order_by("-valid_to", "level").first()
        if unit is None or not scope_for(request.user).covers(unit):
            raise Http404("Không tìm thấy đơn vị hoặc bạn không có quyền xem.")
    state = query_choice(request.GET, "state", selectors.QUEUE_STATES) or "open"
    today = timezone.localdate()
    rows = selectors.area_tasks(request.user, unit, state=state, today=today)
    rows = rows.select_related("owner", "programme").only(*AREA_COLUMNS).order_by(*selectors.QUEUE_ORDER)
    page = CappedPaginator(rows, PAGE_SIZE).get_page(page_int(request.GET, "page"))
    context = {"unit": unit, "state": state, "states": selectors.QUEUE_STATE_LABELS, "page": page, "today": today,
               "query": urlencode({**({"don_vi": unit.code} if unit else {}), "state": state})}  # fmt: skip
    return render(request, "programmes/area_queue.html", context)


AREA_COLUMNS = ("id", "title", "deadline", "status", "progress", "owner__name", "programme__title")


RATE_GROUPS = {"party": "Theo cơ quan (cộng dồn cấp dưới)", "programme": "Theo chương trình", "level": "Theo cấp",
               "province": "Theo tỉnh, thành phố"}  # fmt: skip


@login_required
def rates(request):
    group = query_choice(request.GET, "group", tuple(RATE_GROUPS)) or "party"
    today = timezone.localdate()
    qs = selectors.tasks_visible_to(request.user)
    year = query_int(request.GET, "year", minimum=2000, maximum=2100)
    if year:
        qs = qs.filter(deadline__year=year)
    inspection = query_int(request.GET, "inspection", minimum=1)
    if inspection:
        qs = qs.filter(finding__inspection_id=inspection)
    if group == "party":
        rows = selectors.party_rollup(qs, today=today)
    else:
        rows = selectors.task_rates(qs, group=group, today=today)
    return render(
        request,
        "programmes/rates.html",
        {"rows": rows, "group": group, "groups": RATE_GROUPS, "year": year, "inspection": inspection},
    )
