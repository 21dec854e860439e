"""/api/v1/cases/ for officers: the queue, recording a case, its detail, the sender's identity (that
read is logged), each action, statistics, hot spots, spreadsheet import and the routing lookup.

Same rules as the pages: outside the user's scope a case is a 404; only the handling body and
those above it act on it or read the sender's identity. The public intake and tracking are in
``cases.api``.
"""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers as s
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import duplicates, handling, intake, rounds, selectors, sessions
from cases.api import CONTACT, _intake_result, _place_and_topic, _valid
from cases.models import Case, Kind, Status
from cases.serializers import (
    AcceptSerializer,
    AnswerSerializer,
    AnswerWriteSerializer,
    CaseDetailSerializer,
    CaseReasonSerializer,
    CaseRowSerializer,
    DuplicateSerializer,
    ForwardSerializer,
    ImportResultSerializer,
    ImportSerializer,
    IntakeResultSerializer,
    PetitionerSerializer,
    RecordSerializer,
    RequestInfoSerializer,
    SecondRoundRecordSerializer,
    TransferSerializer,
    VerifyIdentitySerializer,
)
from geo.selectors import unit_on
from lib.api_actions import action_view
from lib.errors import ServiceError
from lib.pagination import PageNumberPagination
from lib.params import query_choice, query_date
from orgs.models import Organization
from orgs.scope import scope_for

QUEUE_PARAMS = [
    OpenApiParameter("status", str, enum=["open", *Status.values]),
    OpenApiParameter("kind", str, enum=Kind.values),
    OpenApiParameter("when", str, enum=["overdue", "due_soon"]),
    OpenApiParameter("q", str, description="Tìm không dấu trong tiêu đề và nội dung"),
    OpenApiParameter("all", bool, description="Mọi vụ việc trong phạm vi, không chỉ của cơ quan mình"),
]


class CaseListView(APIView):
    pagination_class = PageNumberPagination
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(parameters=QUEUE_PARAMS, responses=CaseRowSerializer(many=True), operation_id="cases_list")
    def get(self, request):
        params = request.query_params
        filters = selectors.QueueFilters(
            status=params.get("status", ""),
            kind=query_choice(params, "kind", Kind.values),
            when=query_choice(params, "when", ("due_soon", "overdue")),
            q=params.get("q", "")[:200],
            # A boolean the schema documents: anything else is a 400, not "only mine" in silence.
            mine=query_choice(params, "all", ("true", "false", "True", "False", "1", "0")).lower() not in ("1", "true"),
        )
        if filters.status and filters.status not in ("open", *Status.values):
            raise ServiceError("Tham số “status” không hợp lệ.", extra={"status": filters.status})
        paginator = self.pagination_class()
        # Keys first, as the queue page (cases.selectors.queue_list): not a sort of every case that passes the filter.
        page = paginator.paginate_queryset(selectors.queue_list(request.user, filters), request, view=self)
        return paginator.get_paginated_response(CaseRowSerializer(selectors.as_list_rows(page), many=True).data)

    @extend_schema(
        request={"multipart/form-data": RecordSerializer, "application/json": RecordSerializer},
        responses={201: IntakeResultSerializer},
        operation_id="cases_record",
        summary="Cán bộ ghi nhận ý kiến thay người dân (tiếp công dân, điện thoại, thư)",
    )
    def post(self, request):
        data = _valid(RecordSerializer, request)
        unit, topic = _place_and_topic(data)
        organization = None
        if data.get("organization"):
            organization = Organization.objects.filter(pk=data["organization"], is_active=True).first()
            if organization is None:
                raise ServiceError("Không tìm thấy cơ quan xử lý.", extra={"organization": data["organization"]})
        session = None
        if data.get("session"):
            session = sessions.session_for_user(request.user, data["session"])
        case, token = intake.case_record(
            session=session,
            by=request.user,
            kind=data["kind"],
            topic=topic,
            unit=unit,
            title=data["title"],
            content=data["content"],
            channel=data["channel"],
            contact={k: data.get(k, "") for k in CONTACT},
            received_on=data.get("received_on"),
            organization=organization,
            files=request.FILES.getlist("files"),
            people_count=data["people_count"],
            is_remote_area=data["is_remote_area"],
            is_complex=data["is_complex"],
        )
        return Response(_intake_result(case, token), status=201)


def _detail(case: Case) -> dict:
    case = Case.objects.select_related("unit", "topic", "organization").get(pk=case.pk)
    return CaseDetailSerializer(case).data


class CaseDetailView(APIView):
    @extend_schema(responses=CaseDetailSerializer, operation_id="cases_retrieve")
    def get(self, request, pk: int):
        return Response(_detail(selectors.get_case_for_user(request.user, pk)))


class PetitionerView(APIView):
    @extend_schema(
        responses={200: PetitionerSerializer, 403: OpenApiTypes.OBJECT},
        operation_id="cases_petitioner",
        summary="Thông tin người gửi (chỉ cơ quan xử lý và cấp trên; mỗi lượt xem được ghi nhật ký)",
    )
    def get(self, request, pk: int):
        case = selectors.get_case_for_user(request.user, pk)
        if not selectors.can_see_identity(request.user, case):
            raise ServiceError("Chỉ cơ quan xử lý và cơ quan cấp trên được xem thông tin người gửi.", status_code=403)
        petitioner = selectors.petitioner_for(request.user, case, purpose="API")
        if petitioner is None:
            raise ServiceError("Người gửi không nêu danh tính hoặc thông tin đã được xóa.", status_code=404)
        return Response(PetitionerSerializer(petitioner).data)


def _action_view(name: str, serializer, summary: str, act, *, multipart: bool = False, status: int = 200):
    return action_view(
        f"Case{name.title()}",
        get=lambda request, pk: selectors.get_case_for_user(request.user, pk),
        act=act,
        detail=_detail,
        serializer=serializer,
        response=AnswerSerializer if name == "answer" else CaseDetailSerializer,
        operation_id=f"cases_{name}",
        summary=summary,
        multipart=multipart,
        parsers=[JSONParser, FormParser],
        status=status,
    )


def _transfer(request, case, data):
    to = Organization.objects.filter(pk=data["organization"], is_active=True).first()
    if to is None:
        raise ServiceError("Không tìm thấy cơ quan nhận.", extra={"organization": data["organization"]})
    handling.case_transfer(case=case, by=request.user, to=to, reason=data["reason"])


def _answer(request, case, data):
    answer = handling.case_answer(case=case, by=request.user, text=data["text"], files=request.FILES.getlist("files"))
    return AnswerSerializer(answer).data


AcceptView = _action_view(
    "accept",
    AcceptSerializer,
    "Thụ lý",
    lambda r, c, d: (
        handling.case_accept(
            case=c,
            by=r.user,
            is_complex=d["is_complex"],
            is_especially_complex=d["is_especially_complex"],
            is_remote_area=d["is_remote_area"],
        )
        and None
    ),
)
ForwardView = _action_view(
    "forward",
    ForwardSerializer,
    "Chuyển đơn khiếu nại, tố cáo đến người đứng đầu cơ quan hành chính có thẩm quyền",
    lambda r, c, d: rounds.case_forward(case=c, by=r.user, document=d["document"]) and None,
)
VerifyIdentityView = _action_view(
    "verify_identity",
    VerifyIdentitySerializer,
    "Xác định người tố cáo: thông tin có nội dung tố cáo trở thành tố cáo (Luật Tố cáo 2018, Điều 25)",
    lambda r, c, d: rounds.case_verify_identity(case=c, by=r.user, contact=d) and None,
)


def _second_round(request, case, data):
    second, token = rounds.case_complain_again(
        first=case, by=request.user, reason=data["reason"], channel=data["channel"]
    )
    return Response(_intake_result(second, token), status=201)


SecondRoundView = action_view(
    "CaseSecondRound",
    get=lambda request, pk: selectors.get_case_for_user(request.user, pk),
    act=_second_round,
    detail=_detail,
    serializer=SecondRoundRecordSerializer,
    response=IntakeResultSerializer,
    operation_id="cases_second_round_record",
    summary="Ghi nhận khiếu nại lần hai (gửi người đứng đầu cơ quan hành chính cấp trên)",
    parsers=[JSONParser, FormParser],
    status=201,
)
ReleaseView = _action_view(
    "release", None, "Duyệt nội dung chờ kiểm duyệt", lambda r, c, d: handling.case_release(case=c, by=r.user) and None
)
DismissView = _action_view(
    "dismiss",
    CaseReasonSerializer,
    "Không thụ lý (nêu lý do)",
    lambda r, c, d: handling.case_dismiss(case=c, by=r.user, reason=d["reason"]) and None,
)
TransferView = _action_view("transfer", TransferSerializer, "Chuyển cơ quan xử lý (nêu lý do)", _transfer)
AnswerView = _action_view("answer", AnswerWriteSerializer, "Trả lời (kèm tệp)", _answer, multipart=True, status=201)
ExtendView = _action_view(
    "extend",
    CaseReasonSerializer,
    "Gia hạn giải quyết",
    lambda r, c, d: handling.case_extend(case=c, by=r.user, reason=d["reason"]) and None,
)
RequestInfoView = _action_view(
    "request_info",
    RequestInfoSerializer,
    "Đề nghị người gửi bổ sung thông tin",
    lambda r, c, d: handling.case_request_info(case=c, by=r.user, question=d["question"]) and None,
)
DuplicateView = _action_view(
    "duplicate",
    DuplicateSerializer,
    "Gộp vào vụ việc chính trùng nội dung (một trả lời đến mọi người gửi)",
    lambda r, c, d: (
        duplicates.case_link_duplicate(case=c, main=selectors.get_case_for_user(r.user, d["main"]), by=r.user) and None
    ),
)
UnlinkView = _action_view(
    "unlink",
    CaseReasonSerializer,
    "Tách vụ việc khỏi vụ việc chính (giải quyết riêng, nêu lý do)",
    lambda r, c, d: duplicates.case_unlink_duplicate(case=c, by=r.user, reason=d["reason"]) and None,
)
EscalateView = _action_view(
    "escalate",
    None,
    "Chuyển cấp trên theo dõi (vụ việc quá hạn)",
    lambda r, c, d: handling.case_escalate(case=c, by=r.user) and None,
)


class StatisticsView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("unit", str, description="Mã đơn vị (mặc định: toàn bộ phạm vi của bạn)"),
            OpenApiParameter("from", OpenApiTypes.DATE),
            OpenApiParameter("to", OpenApiTypes.DATE),
        ],
        responses=inline_serializer(
            "CaseStatistics",
            fields={
                **{key: s.IntegerField() for key in selectors.STATISTICS_KEYS},
                "on_time_rate": s.FloatField(allow_null=True),
                "satisfaction_rate": s.FloatField(allow_null=True),
            },
        ),
        operation_id="cases_statistics",
    )
    def get(self, request):
        code = request.query_params.get("unit", "").strip()
        scope = scope_for(request.user)
        unit = unit_on(code, exclude_districts=True) if code else None
        if code and unit is None:
            raise ServiceError(f"Mã đơn vị hành chính “{code}” không có trong danh mục hiện hành.")
        if unit is None and not scope.national:
            raise ServiceError("Hãy chọn đơn vị (tham số unit) trong phạm vi của bạn.")
        if unit is not None and not scope.covers(unit):
            raise Http404
        return Response(
            selectors.case_statistics(
                unit,
                query_date(request.query_params, "from"),
                query_date(request.query_params, "to"),
                today=timezone.localdate(),
            )
        )


class RisesView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("level", str, enum=["commune", "province"]),
            OpenApiParameter("window", int, description="Số ngày gần nhất (mặc định 7)"),
        ],
        responses=inline_serializer(
            "CaseRise",
            fields={
                "level": s.CharField(),
                "unit_code": s.CharField(),
                "unit_name": s.CharField(),
                "province_name": s.CharField(),
                "topic_id": s.IntegerField(),
                "topic_name": s.CharField(),
                "measure": s.ChoiceField(choices=["new", "overdue", "multi"]),
                "count": s.IntegerField(),
                "baseline": s.FloatField(),
                "ratio": s.FloatField(allow_null=True),
                "reason": s.CharField(),
            },
            many=True,
        ),
        operation_id="cases_rises",
        summary="Địa bàn có ý kiến tăng bất thường, theo lĩnh vực (số liệu tổng hợp; điểm nóng do cán bộ xác nhận)",
    )
    def get(self, request):
        from dataclasses import asdict

        from cases.hotspots import hotspots

        level = request.query_params.get("level", "")
        if level not in ("", "commune", "province"):
            raise ServiceError("Tham số “level” không hợp lệ.", extra={"level": level})
        try:
            window = int(request.query_params.get("window") or 0) or None
        except ValueError as e:
            raise ServiceError("Tham số “window” phải là số ngày.") from e
        if window is not None and not 1 <= window <= 90:
            raise ServiceError("Tham số “window” phải từ 1 đến 90 ngày.")
        found = hotspots(request.user, level=level, window=window)
        return Response([{k: v for k, v in asdict(h).items() if k != "unit_id"} for h in found])


class ImportView(APIView):
    """Officers import cases received by letter, phone or in person from the XLSX template, all or none."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": ImportSerializer},
        responses={
            201: ImportResultSerializer,
            200: ImportResultSerializer,
            400: OpenApiTypes.OBJECT,
            403: OpenApiTypes.OBJECT,
        },
        operation_id="cases_import",
        summary="Nhập ý kiến từ tệp Excel (toàn bộ hoặc không dòng nào; nhập lại không tạo bản trùng)",
        description="201 khi có ý kiến mới được nhập; 200 khi chỉ kiểm tra hoặc mọi dòng đã có. Lỗi từng dòng: "
        "400 với extra.errors (“Dòng 5, cột “Loại ý kiến”: …”).",
    )
    def post(self, request):
        from cases import excel

        data = _valid(ImportSerializer, request)
        result = excel.cases_import(upload=data["file"], by=request.user, dry_run=data["dry_run"])
        if result.errors:
            raise ServiceError(
                f"Tệp có {len(result.errors)} lỗi, chưa nhập dòng nào.", extra={"errors": result.errors[:500]}
            )
        body = {
            "created": len(result.created),
            "skipped": result.skipped,
            "codes": [] if result.dry_run else [c.display_code for c in result.created],
            "dry_run": result.dry_run,
        }
        return Response(body, status=201 if result.created and not result.dry_run else 200)


class RoutingView(APIView):
    """Which body a case about a topic in a unit goes to (the routing table applied), in the user's scope."""

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", str, required=True, description="Mã xã, phường, đặc khu hoặc tỉnh (hiện hành)"),
            OpenApiParameter("topic", str, required=True, description="Mã lĩnh vực"),
            OpenApiParameter("kind", str, enum=Kind.values),
        ],
        responses={
            200: inline_serializer(
                "CaseRouting",
                fields={
                    "unit_code": s.CharField(),
                    "topic": s.CharField(),
                    "kind": s.CharField(allow_blank=True),
                    "organization": s.IntegerField(),
                    "organization_name": s.CharField(),
                },
            ),
            400: OpenApiTypes.OBJECT,
            404: OpenApiTypes.OBJECT,
        },
        operation_id="cases_routing",
        summary="Cơ quan xử lý theo bảng phân công (địa bàn + lĩnh vực → cơ quan)",
    )
    def get(self, request):
        params = request.query_params
        kind = params.get("kind", "")
        if kind and kind not in Kind.values:
            raise ServiceError("Tham số “kind” không hợp lệ.", extra={"kind": kind})
        unit, topic = _place_and_topic({"unit": params.get("unit", "")[:20], "topic": params.get("topic", "")[:40]})
        if not scope_for(request.user).covers(unit):
            raise Http404
        organization = intake.route(unit=unit, topic=topic, kind=kind)
        return Response(
            {
                "unit_code": unit.code,
                "topic": topic.code,
                "kind": kind,
                "organization": organization.pk,
                "organization_name": organization.name,
            }
        )
