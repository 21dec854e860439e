"""/api/v1/programmes/inspections/… and /api/v1/programmes/contributions/…: joint inspections and the forces'
contributions, same scope rules as the pages."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from geo.selectors import unit_on
from lib.api_actions import action_view, valid
from lib.errors import ServiceError
from lib.pagination import PageNumberPagination
from lib.params import query_choice, query_date
from orgs.permissions import get_organization_for_user
from programmes import contributions, inspections, review, selectors, services
from programmes.api import DOCX, active_org
from programmes.models import ChecklistItem, ContributionKind, InspectionVisit, Result
from programmes.serializers import (
    ConcludeSerializer,
    ContributionSerializer,
    ContributionWriteSerializer,
    FindingWriteSerializer,
    FollowupWriteSerializer,
    InspectionDetailSerializer,
    InspectionSerializer,
    InspectionWriteSerializer,
    KindSerializer,
    ResultWriteSerializer,
    RollupRowSerializer,
    TaskReasonSerializer,
    TaskSerializer,
)


def _inspection(request, pk: int):
    inspection = (
        selectors.inspections_visible_to(request.user)
        .select_related("organization__parent", "programme")
        .prefetch_related(
            "members__organization",
            "findings__tasks",
            "items",
            Prefetch(
                "visits",
                queryset=InspectionVisit.objects.select_related("unit").prefetch_related(
                    Prefetch("results", queryset=Result.objects.prefetch_related("photos"))
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if inspection is None:
        raise ServiceError("Không tìm thấy đợt kiểm tra hoặc bạn không có quyền xem.", status_code=404)
    return inspection


def _detail(inspection):
    return InspectionDetailSerializer(_inspection_fresh(inspection)).data


def _inspection_fresh(inspection):
    # After a change the prefetched rows are stale: read them again (one object, a few queries).
    for name in ("members", "findings", "items", "visits"):
        getattr(inspection, "_prefetched_objects_cache", {}).pop(name, None)
    return inspection


def _unit(code: str, on):
    unit = unit_on(code, on, exclude_districts=True)
    if unit is None:
        raise ServiceError(f"Không tìm thấy đơn vị hành chính có mã “{code}”.", extra={"unit": code})
    return unit


class InspectionListView(APIView):
    parser_classes = [JSONParser, FormParser]
    pagination_class = PageNumberPagination

    @extend_schema(responses=InspectionSerializer(many=True), operation_id="programmes_inspections_list")
    def get(self, request):
        paginator = self.pagination_class()
        qs = selectors.inspections_visible_to(request.user).select_related("organization").order_by("-date_from", "-id")
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(InspectionSerializer(page, many=True).data)

    @extend_schema(
        request=InspectionWriteSerializer,
        responses={201: InspectionDetailSerializer},
        operation_id="programmes_inspections_create",
        summary="Lập kế hoạch kiểm tra liên ngành: thành viên từ nhiều cơ quan, địa bàn, nội dung kiểm tra",
    )
    def post(self, request):
        data = valid(InspectionWriteSerializer, request)
        organization = get_organization_for_user(request.user, data["organization"])
        programme = selectors.get_programme_for_user(request.user, data["programme"]) if data["programme"] else None
        items = None
        if data["items"] is not None:
            items = list(ChecklistItem.objects.filter(pk__in=data["items"], is_active=True))
            if len(items) != len(set(data["items"])):
                raise ServiceError("Có nội dung kiểm tra không tồn tại.", extra={"items": data["items"]})
        inspection = inspections.inspection_create(
            by=request.user,
            organization=organization,
            programme=programme,
            title=data["title"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            purpose=data["purpose"],
            members=[(m["name"], m["position"], active_org(m["organization"])) for m in data["members"]],
            visits=[
                (
                    _unit(v["unit"], data["date_from"]),
                    active_org(v["organization"]) if v["organization"] else None,
                    v["visit_date"],
                )
                for v in data["visits"]
            ],  # fmt: skip
            items=items,
        )
        return Response(InspectionDetailSerializer(inspection).data, status=201)


class InspectionDetailView(APIView):
    @extend_schema(responses=InspectionDetailSerializer, operation_id="programmes_inspections_retrieve")
    def get(self, request, pk: int):
        return Response(InspectionDetailSerializer(_inspection(request, pk)).data)


def _result(request, inspection, data):
    visit = InspectionVisit.objects.filter(inspection=inspection, pk=data["visit"]).select_related("inspection").first()
    item = ChecklistItem.objects.filter(pk=data["item"]).first()
    if visit is None or item is None:
        raise ServiceError("Không tìm thấy địa bàn hoặc nội dung kiểm tra của đợt kiểm tra.")
    inspections.result_record(
        visit=visit, item=item, by=request.user, rating=data["rating"], note=data["note"],
        photos=request.FILES.getlist("photos"),
    )  # fmt: skip


def _finding(request, inspection, data):
    visit = None
    if data["visit"]:
        visit = InspectionVisit.objects.filter(inspection=inspection, pk=data["visit"]).first()
        if visit is None:
            raise ServiceError("Địa bàn không thuộc đợt kiểm tra.", extra={"visit": data["visit"]})
    inspections.finding_add(
        inspection=inspection, by=request.user, text=data["text"], recommendation=data["recommendation"], visit=visit
    )


def _followup(request, inspection, data):
    finding = inspection.findings.filter(pk=data["finding"]).first()
    if finding is None:
        raise ServiceError("Không tìm thấy phát hiện của đợt kiểm tra.", extra={"finding": data["finding"]})
    task = services.followup_create(
        finding=finding, by=request.user, title=data["title"], owner=active_org(data["owner"]),
        deadline=data["deadline"], description=data["description"],
    )  # fmt: skip
    return Response(TaskSerializer(task, context={"today": timezone.localdate()}).data, status=201)


InspectionResultView = action_view(
    "InspectionResult", get=_inspection, act=_result, detail=_detail, response=InspectionDetailSerializer,
    operation_id="programmes_inspections_results_create",
    summary="Ghi kết quả một nội dung tại một địa bàn (đạt / đạt một phần / chưa đạt), kèm ảnh được kiểm tra nội dung",
    serializer=ResultWriteSerializer, multipart=True,
)  # fmt: skip
InspectionFindingView = action_view(
    "InspectionFinding", get=_inspection, act=_finding, detail=_detail, response=InspectionDetailSerializer,
    operation_id="programmes_inspections_findings_create", summary="Ghi phát hiện", serializer=FindingWriteSerializer,
)  # fmt: skip
InspectionFollowupView = action_view(
    "InspectionFollowup", get=_inspection, act=_followup, detail=_detail, response=TaskSerializer,
    operation_id="programmes_inspections_followups_create",
    summary="Giao việc khắc phục (vào danh sách nhiệm vụ của cơ quan thực hiện đến khi hoàn thành)",
    serializer=FollowupWriteSerializer, status=201,
)  # fmt: skip
InspectionStartView = action_view(
    "InspectionStart", get=_inspection,
    act=lambda r, i, d: inspections.inspection_start(inspection=i, by=r.user) and None,
    detail=_detail, response=InspectionDetailSerializer, operation_id="programmes_inspections_start",
    summary="Bắt đầu kiểm tra",
)  # fmt: skip
InspectionConcludeView = action_view(
    "InspectionConclude", get=_inspection,
    act=lambda r, i, d: inspections.inspection_conclude(inspection=i, by=r.user, conclusion=d["conclusion"]) and None,
    detail=_detail, response=InspectionDetailSerializer, operation_id="programmes_inspections_conclude",
    summary="Kết luận đợt kiểm tra", serializer=ConcludeSerializer,
)  # fmt: skip
InspectionCancelView = action_view(
    "InspectionCancel", get=_inspection,
    act=lambda r, i, d: inspections.inspection_cancel(inspection=i, by=r.user, reason=d["reason"]) and None,
    detail=_detail, response=InspectionDetailSerializer, operation_id="programmes_inspections_cancel",
    summary="Hủy đợt kiểm tra (nêu lý do)", serializer=TaskReasonSerializer,
)  # fmt: skip


class InspectionDocumentView(APIView):
    @extend_schema(
        responses={(200, DOCX): OpenApiResponse(OpenApiTypes.BINARY, description="Tệp Word")},
        operation_id="programmes_inspections_document",
        summary="Thông báo kết luận kiểm tra (Word)",
    )
    def get(self, request, pk: int):
        inspection = _inspection(request, pk)
        response = HttpResponse(review.inspection_conclusion_docx(inspection), content_type=DOCX)
        response["Content-Disposition"] = f'attachment; filename="ket-luan-kiem-tra-{inspection.pk}.docx"'
        return response


class KindListView(APIView):
    @extend_schema(responses=KindSerializer(many=True), operation_id="programmes_contribution_kinds_list")
    def get(self, request):
        return Response(KindSerializer(ContributionKind.objects.all(), many=True).data)


def _contributions(request):
    qs = selectors.contributions_visible_to(request.user)
    date_from, date_to = query_date(request.query_params, "from"), query_date(request.query_params, "to")
    if date_from:
        qs = qs.filter(date_to__gte=date_from)
    if date_to:
        qs = qs.filter(date_to__lte=date_to)
    return qs


DATE_PARAMS = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="Kết thúc từ ngày"),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Kết thúc đến ngày"),
]


class ContributionListView(APIView):
    parser_classes = [JSONParser, FormParser]
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=DATE_PARAMS,
        responses=ContributionSerializer(many=True),
        operation_id="programmes_contributions_list",
    )
    def get(self, request):
        paginator = self.pagination_class()
        qs = _contributions(request).select_related("kind", "organization", "place").order_by("-date_to", "-id")
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(ContributionSerializer(page, many=True).data)

    @extend_schema(
        request=ContributionWriteSerializer,
        responses={201: ContributionSerializer},
        operation_id="programmes_contributions_create",
        summary="Nhập kết quả đóng góp của lực lượng, đơn vị (tự động vào báo cáo của cấp mình theo lực lượng)",
    )
    def post(self, request):
        data = valid(ContributionWriteSerializer, request)
        kind = ContributionKind.objects.filter(code=data.pop("kind")).first()
        if kind is None:
            raise ServiceError("Không có chỉ tiêu này.", extra={"kind": request.data.get("kind")})
        organization = get_organization_for_user(request.user, data.pop("organization"))
        programme_id = data.pop("programme")
        programme = selectors.get_programme_for_user(request.user, programme_id) if programme_id else None
        place = _unit(data.pop("place"), data["date_to"])
        contribution = contributions.contribution_add(
            by=request.user, organization=organization, kind=kind, place=place, programme=programme, **data
        )
        return Response(ContributionSerializer(contribution).data, status=201)


class ContributionRollupView(APIView):
    @extend_schema(
        parameters=[
            *DATE_PARAMS,
            OpenApiParameter("by", str, enum=list(selectors.ROLLUPS), description="Mặc định: force"),
        ],
        responses=RollupRowSerializer(many=True),
        operation_id="programmes_contributions_rollup",
        summary="Tổng hợp kết quả đóng góp theo lực lượng, tỉnh, địa bàn hoặc đơn vị",
    )
    def get(self, request):
        by = query_choice(request.query_params, "by", tuple(selectors.ROLLUPS)) or "force"
        kinds = dict(ContributionKind.objects.values_list("pk", "code"))
        rows = selectors.contribution_rollup(_contributions(request), by=by)
        data = [
            {"key": r.key, "label": r.label, "kind": kinds[r.kind_id], "quantity": r.quantity, "value_vnd": r.value_vnd,
             "entries": r.entries}
            for r in rows
        ]  # fmt: skip
        return Response(RollupRowSerializer(data, many=True).data)
