"""/api/v1/programmes/…: programmes, plans, tasks and a party's queue, rates and the yearly review. Same scope rules
as the pages: outside the user's scope an object is a 404, the services decide who may change it."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from lib.api_actions import action_view, valid
from lib.errors import ServiceError
from lib.pagination import PageNumberPagination
from lib.params import query_choice, query_int
from orgs.models import Organization
from orgs.permissions import get_organization_for_user, user_org_ids
from programmes import review, selectors, services
from programmes.citations import programme_documents_set, with_documents
from programmes.inspections import checklist_item_add
from programmes.models import YearPlan
from programmes.serializers import (
    ChecklistWriteSerializer,
    DocumentsWriteSerializer,
    NoteWriteSerializer,
    PartyWriteSerializer,
    PlanSerializer,
    PlanWriteSerializer,
    ProgrammeDetailSerializer,
    ProgrammeSerializer,
    ProgrammeWriteSerializer,
    QueueRowSerializer,
    RatesSerializer,
    SubtaskWriteSerializer,
    TaskReasonSerializer,
    TaskSerializer,
    TaskWriteSerializer,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def active_org(pk: int) -> Organization:
    """A body named in a body of a request (a party, an owner): any active body; the services check the rules."""
    org = Organization.objects.filter(pk=pk, is_active=True).select_related("parent", "unit", "org_type").first()
    if org is None:
        raise ServiceError("Không tìm thấy cơ quan.", extra={"organization": pk})
    return org


def _task_data(task) -> dict:
    return TaskSerializer(task, context={"today": timezone.localdate()}).data


class ProgrammeListView(APIView):
    parser_classes = [JSONParser, FormParser]
    pagination_class = PageNumberPagination

    @extend_schema(responses=ProgrammeSerializer(many=True), operation_id="programmes_list")
    def get(self, request):
        paginator = self.pagination_class()
        qs = with_documents(
            selectors.programmes_visible_to(request.user).select_related("organization").order_by("-start_year", "-id")
        )
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(ProgrammeSerializer(page, many=True).data)

    @extend_schema(
        request=ProgrammeWriteSerializer,
        responses={201: ProgrammeDetailSerializer},
        operation_id="programmes_create",
        summary="Lập chương trình phối hợp / chương trình hành động với các bên tham gia",
    )
    def post(self, request):
        data = valid(ProgrammeWriteSerializer, request)
        organization = get_organization_for_user(request.user, data.pop("organization"))
        parties = [(active_org(p["organization"]), p["role"]) for p in data.pop("parties")]
        programme = services.programme_create(by=request.user, organization=organization, parties=parties, **data)
        return Response(ProgrammeDetailSerializer(programme).data, status=201)


def _programme(request, pk: int):
    return selectors.get_programme_for_user(request.user, pk)


class ProgrammeDetailView(APIView):
    @extend_schema(responses=ProgrammeDetailSerializer, operation_id="programmes_retrieve")
    def get(self, request, pk: int):
        return Response(ProgrammeDetailSerializer(_programme(request, pk)).data)


def _documents(request, programme, data):
    programme_documents_set(programme=programme, by=request.user, references=data["document_refs"])


DocumentsSetView = action_view(
    "DocumentsSet", get=_programme, act=_documents,
    detail=lambda p: ProgrammeDetailSerializer(p).data, response=ProgrammeDetailSerializer,
    operation_id="programmes_documents_update", serializer=DocumentsWriteSerializer,
    summary="Cập nhật văn bản thực hiện của chương trình (trích dẫn văn bản trong thư viện; văn bản chưa có được giữ "
            "như đã nhập)",
)  # fmt: skip


def _plan(request, programme, data):
    plan = services.plan_create(programme=programme, by=request.user, **data)
    return Response(PlanSerializer(plan).data, status=201)


PlanCreateView = action_view(
    "PlanCreate", get=_programme, act=_plan, detail=lambda p: None, response=PlanSerializer,
    operation_id="programmes_plans_create", summary="Lập kế hoạch năm của chương trình", serializer=PlanWriteSerializer,
    status=201,
)  # fmt: skip


def _party(request, programme, data):
    services.programme_party_add(
        programme=programme, by=request.user, organization=active_org(data["organization"]), role=data["role"]
    )


PartyAddView = action_view(
    "PartyAdd", get=_programme, act=_party,
    detail=lambda p: ProgrammeDetailSerializer(p).data, response=ProgrammeDetailSerializer,
    operation_id="programmes_parties_create", summary="Thêm bên tham gia chương trình", serializer=PartyWriteSerializer,
)  # fmt: skip


def _checklist(request, programme, data):
    item = checklist_item_add(by=request.user, programme=programme, **data)
    return Response({"id": item.pk, "text": item.text, "ordering": item.ordering}, status=201)


ChecklistAddView = action_view(
    "ChecklistAdd", get=_programme, act=_checklist, detail=lambda p: None, response=ChecklistWriteSerializer,
    operation_id="programmes_checklist_create", summary="Thêm nội dung kiểm tra của chương trình",
    serializer=ChecklistWriteSerializer, status=201,
)  # fmt: skip


def _get_plan(request, pk: int) -> YearPlan:
    plan = selectors.plans_visible_to(request.user).filter(pk=pk).select_related("programme").first()
    if plan is None:
        raise ServiceError("Không tìm thấy kế hoạch hoặc bạn không có quyền xem.", status_code=404)
    return plan


def _task_create(request, plan, data):
    owner = active_org(data.pop("owner"))
    cooperating = [active_org(pk) for pk in data.pop("cooperating")]
    task = services.task_create(plan=plan, by=request.user, owner=owner, cooperating=cooperating, **data)
    return Response(_task_data(task), status=201)


TaskCreateView = action_view(
    "TaskCreate", get=_get_plan, act=_task_create, detail=lambda p: None, response=TaskSerializer,
    operation_id="programmes_plans_tasks_create",
    summary="Giao nhiệm vụ của kế hoạch năm cho một bên (chủ trì, phối hợp)",
    serializer=TaskWriteSerializer, status=201,
)  # fmt: skip


class TaskQueueView(APIView):
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "org", int, description="Cơ quan (chủ trì hoặc phối hợp); mặc định: cơ quan đầu tiên của bạn"
            ),
            OpenApiParameter("state", str, enum=list(selectors.QUEUE_STATES), description="Mặc định: open"),
        ],
        responses=QueueRowSerializer(many=True),
        operation_id="programmes_tasks_queue",
        summary="Nhiệm vụ của một cơ quan, quá hạn và đến hạn trước",
    )
    def get(self, request):
        state = query_choice(request.query_params, "state", selectors.QUEUE_STATES) or "open"
        org_id = query_int(request.query_params, "org", minimum=1) or min(user_org_ids(request.user), default=None)
        if org_id is None:
            raise ServiceError("Thiếu tham số org (cơ quan).", extra={"org": "required"})
        organization = get_organization_for_user(request.user, org_id)
        today = timezone.localdate()
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.task_queue(organization, state=state, today=today), request, self)
        return paginator.get_paginated_response(QueueRowSerializer(page, many=True, context={"today": today}).data)


def _task(request, pk: int):
    return selectors.get_task_for_user(request.user, pk)


class TaskDetailView(APIView):
    @extend_schema(responses=TaskSerializer, operation_id="programmes_tasks_retrieve")
    def get(self, request, pk: int):
        return Response(_task_data(_task(request, pk)))


def _subtask(request, task, data):
    child = services.subtask_create(parent=task, by=request.user, owner=active_org(data.pop("owner")), **data)
    return Response(_task_data(child), status=201)


SubtaskCreateView = action_view(
    "SubtaskCreate", get=_task, act=_subtask, detail=_task_data, response=TaskSerializer,
    operation_id="programmes_tasks_subtasks_create", summary="Giao nhiệm vụ cho cấp dưới (tỉnh → xã)",
    serializer=SubtaskWriteSerializer, status=201,
)  # fmt: skip
TaskNoteView = action_view(
    "TaskNote", get=_task,
    act=lambda r, t, d: services.task_note_add(
        task=t, by=r.user, text=d["text"], progress=d["progress"], uploads=r.FILES.getlist("files")
    ) and None,
    detail=_task_data, response=TaskSerializer, operation_id="programmes_tasks_notes_create",
    summary="Báo cáo tiến độ kèm minh chứng (tệp được kiểm tra nội dung)", serializer=NoteWriteSerializer,
    multipart=True,
)  # fmt: skip
TaskStartView = action_view(
    "TaskStart", get=_task, act=lambda r, t, d: services.task_start(task=t, by=r.user) and None, detail=_task_data,
    response=TaskSerializer, operation_id="programmes_tasks_start", summary="Bắt đầu thực hiện",
)  # fmt: skip
TaskCompleteView = action_view(
    "TaskComplete", get=_task, act=lambda r, t, d: services.task_complete(task=t, by=r.user) and None,
    detail=_task_data, response=TaskSerializer, operation_id="programmes_tasks_complete", summary="Hoàn thành",
)  # fmt: skip
TaskCancelView = action_view(
    "TaskCancel", get=_task, act=lambda r, t, d: services.task_cancel(task=t, by=r.user, reason=d["reason"]) and None,
    detail=_task_data, response=TaskSerializer, operation_id="programmes_tasks_cancel", summary="Hủy (nêu lý do)",
    serializer=TaskReasonSerializer,
)  # fmt: skip
TaskReopenView = action_view(
    "TaskReopen", get=_task, act=lambda r, t, d: services.task_reopen(task=t, by=r.user, reason=d["reason"]) and None,
    detail=_task_data, response=TaskSerializer, operation_id="programmes_tasks_reopen", summary="Mở lại (nêu lý do)",
    serializer=TaskReasonSerializer,
)  # fmt: skip

RATE_GROUPS = ("party", "programme", "level", "province")


class RatesView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("group", str, enum=list(RATE_GROUPS), description="Mặc định: party (cộng dồn cấp dưới)"),
            OpenApiParameter("year", int),
            OpenApiParameter("programme", int),
            OpenApiParameter("inspection", int, description="Chỉ nhiệm vụ khắc phục sau một đợt kiểm tra"),
        ],
        responses=RatesSerializer(many=True),
        operation_id="programmes_rates",
        summary="Tỷ lệ hoàn thành, đúng hạn theo cơ quan, chương trình, cấp, tỉnh",
    )
    def get(self, request):
        params = request.query_params
        group = query_choice(params, "group", RATE_GROUPS) or "party"
        qs = selectors.tasks_visible_to(request.user)
        year = query_int(params, "year", minimum=2000, maximum=2100)
        if year:
            qs = qs.filter(deadline__year=year)
        programme = query_int(params, "programme", minimum=1)
        if programme:
            qs = qs.filter(programme_id=programme)
        inspection = query_int(params, "inspection", minimum=1)
        if inspection:
            qs = qs.filter(finding__inspection_id=inspection)
        today = timezone.localdate()
        rows = selectors.party_rollup(qs, today=today) if group == "party" else selectors.task_rates(qs, group=group)
        return Response(RatesSerializer(rows, many=True).data)


class ReviewView(APIView):
    @extend_schema(
        responses={(200, DOCX): OpenApiResponse(OpenApiTypes.BINARY, description="Tệp Word (dự thảo)")},
        operation_id="programmes_review",
        summary="Dự thảo báo cáo tổng kết chương trình phối hợp của một năm (Word)",
    )
    def get(self, request, pk: int, year: int):
        programme = _programme(request, pk)
        if not programme.start_year <= year <= programme.end_year:
            raise ServiceError(f"Năm {year} nằm ngoài thời gian thực hiện chương trình.", extra={"year": year})
        response = HttpResponse(review.programme_review_docx(programme, year), content_type=DOCX)
        response["Content-Disposition"] = f'attachment; filename="tong-ket-chuong-trinh-{programme.pk}-{year}.docx"'
        return response
