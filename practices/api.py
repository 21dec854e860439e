"""/api/v1/practices/: list, detail, create, update, each transition, scoring, adoption, statistics."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers as s
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from geo.models import AdminUnit
from geo.selectors import unit_on
from lib.api_actions import action_view
from lib.errors import ServiceError
from lib.pagination import PageNumberPagination
from lib.params import query_choice, query_date, query_int
from orgs.models import WRITE_ROLES, Organization, User
from orgs.permissions import get_object_for_user
from orgs.scope import scope_for
from practices import selectors, services
from practices.models import Appraisal, CriteriaSet, Field, Kind, Practice, RecognitionLevel
from practices.serializers import (
    AdoptSerializer,
    CommendationSerializer,
    CommendSerializer,
    EvidenceSerializer,
    PracticeCreateSerializer,
    PracticeDetailSerializer,
    PracticeListSerializer,
    PracticeWriteSerializer,
    ReasonSerializer,
    RecogniseSerializer,
    ScoreSerializer,
    StartAppraisalSerializer,
)


def _current_unit(code: str, on: dt.date | None = None) -> AdminUnit:
    unit = unit_on(code, on)
    if unit is None:
        raise ServiceError(f"Mã đơn vị hành chính “{code}” không có trong danh mục.", extra={"unit": code})
    return unit


def _organization_for(user, org_id: int | None) -> Organization:
    if org_id is None:
        org = (
            Organization.objects.filter(
                memberships__user=user, memberships__is_active=True, memberships__role__in=WRITE_ROLES
            )
            .order_by("id")
            .first()
        )
        if org is None:
            raise ServiceError("Bạn chưa thuộc tổ chức nào có quyền đăng ký.", status_code=403)
        return org
    try:
        return get_object_for_user(Organization.objects.all(), user, pk=org_id)
    except Http404 as e:
        raise ServiceError("Không tìm thấy tổ chức.", extra={"organization": org_id}) from e


def _practice(request, pk: int, *, write: bool = False) -> Practice:
    return selectors.get_practice_for_user(request.user, pk, write=write)


LIST_PARAMS = [
    OpenApiParameter("unit", str, description="Mã đơn vị: lọc theo địa bàn và cấp dưới"),
    OpenApiParameter("field", str, enum=["economy", "society", "defence", "politics"]),
    OpenApiParameter("kind", str, enum=["model", "exemplar"]),
    OpenApiParameter("status", str),
    OpenApiParameter("level", str, enum=["commune", "province", "central"]),
    OpenApiParameter("year", int),
    OpenApiParameter("organization", int),
    OpenApiParameter("q", str, description="Tìm không dấu trong tên và nội dung"),
    OpenApiParameter("order", str, enum=["-created_at", "name", "-year"]),
    OpenApiParameter("label", str, description="Mã danh hiệu thi đua hoặc chương trình mục tiêu quốc gia"),
]


def parse_filters(params) -> selectors.PracticeFilters:
    def as_int(name):
        return query_int(params, name)

    unit_code = params.get("unit", "").strip()
    return selectors.PracticeFilters(
        unit=_current_unit(unit_code) if unit_code else None,
        field=query_choice(params, "field", Field.values),
        kind=query_choice(params, "kind", Kind.values),
        status=params.get("status", ""),
        level=query_choice(params, "level", RecognitionLevel.values),
        year=as_int("year"),
        organization_id=as_int("organization"),
        q=params.get("q", "")[:200],
        order=query_choice(params, "order", tuple(selectors.ORDERINGS)) or "-created_at",
        label=params.get("label", "")[:60],
    )


class PracticeListView(APIView):
    # Declared so the schema documents the paginated envelope, count_capped included.
    pagination_class = PageNumberPagination

    @extend_schema(parameters=LIST_PARAMS, responses=PracticeListSerializer(many=True), operation_id="practices_list")
    def get(self, request):
        qs = selectors.practice_list(request.user, parse_filters(request.query_params))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(PracticeListSerializer(page, many=True).data)

    @extend_schema(
        request=PracticeCreateSerializer, responses={201: PracticeDetailSerializer}, operation_id="practices_create"
    )
    def post(self, request):
        data = PracticeCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        organization = _organization_for(request.user, values.pop("organization", None))
        unit = _current_unit(values.pop("unit"), values.get("registered_on"))
        practice = services.practice_register(by=request.user, organization=organization, unit=unit, **values)
        return Response(PracticeDetailSerializer(practice).data, status=201)


class PracticeDetailView(APIView):
    @extend_schema(responses=PracticeDetailSerializer, operation_id="practices_retrieve")
    def get(self, request, pk: int):
        practice = _practice(request, pk)
        public_only = not selectors.sees_private_details(request.user, practice)
        return Response(PracticeDetailSerializer(practice, context={"public_only": public_only}).data)

    @extend_schema(
        request=PracticeWriteSerializer, responses=PracticeDetailSerializer, operation_id="practices_partial_update"
    )
    def patch(self, request, pk: int):
        practice = _practice(request, pk, write=True)
        data = PracticeWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("organization", None)
        if "unit" in values:
            values["unit"] = _current_unit(values["unit"])
        services.practice_update(practice=practice, by=request.user, **values)
        return Response(PracticeDetailSerializer(practice).data)


EMPTY = inline_serializer("Empty", fields={})


def _refreshed_detail(practice: Practice) -> dict:
    practice.refresh_from_db()
    return PracticeDetailSerializer(practice).data


def transition_view(name: str, serializer, doc: str, act, *, write: bool = True):
    return action_view(
        "".join(part.title() for part in name.split("_")),
        get=lambda request, pk: _practice(request, pk, write=write),
        act=act,
        detail=_refreshed_detail,
        serializer=serializer,
        empty=EMPTY,
        response=PracticeDetailSerializer,
        operation_id=f"practices_{name}",
        summary=doc,
    )


def _start_appraisal(request, practice, data):
    criteria_set = CriteriaSet.objects.filter(pk=data["criteria_set"], is_active=True).first()
    if criteria_set is None:
        raise ServiceError("Không tìm thấy bộ tiêu chí.", extra={"criteria_set": data["criteria_set"]})
    members = list(User.objects.filter(pk__in=data["members"], is_active=True))
    if len(members) != len(set(data["members"])):
        raise ServiceError("Có thành viên hội đồng không tồn tại.", extra={"members": data["members"]})
    services.practice_start_appraisal(
        practice=practice, by=request.user, criteria_set=criteria_set, members=members, on=data.get("on")
    )


def _score(request, practice, data):
    appraisal = services.current_appraisal(practice)
    if appraisal is None:
        raise ServiceError("Mô hình chưa được đưa vào thẩm định.")
    scores = {item["criterion"]: (item["score"], item["comment"]) for item in data["scores"]}
    services.appraisal_score(appraisal=appraisal, by=request.user, scores=scores)
    total = services.appraisal_total(Appraisal.objects.get(pk=appraisal.pk))
    return Response({"total": str(total) if total is not None else None})


def _commend(request, practice, data):
    commendation = services.practice_commend(practice=practice, by=request.user, **data)
    return Response(CommendationSerializer(commendation).data, status=201)


def _adopt(request, practice, data):
    organization = _organization_for(request.user, data["organization"])
    adopted = services.practice_adopt(
        source=practice,
        by=request.user,
        organization=organization,
        unit=_current_unit(data["unit"]),
        name=data.get("name") or None,
    )
    return Response(PracticeDetailSerializer(adopted).data, status=201)


SubmitView = transition_view(
    "submit",
    None,
    "Đăng ký (gửi) mô hình nháp",
    lambda r, p, d: services.practice_submit(practice=p, by=r.user) and None,
)
ReturnView = transition_view(
    "return",
    ReasonSerializer,
    "Trả lại để chỉnh sửa (lùi một bước)",
    lambda r, p, d: services.practice_return(practice=p, by=r.user, reason=d["reason"]) and None,
)
StartAppraisalView = transition_view("start_appraisal", StartAppraisalSerializer, "Đưa vào thẩm định", _start_appraisal)
# Appraisers score without write rights (membership of the council is checked by the service).
ScoreView = transition_view("score", ScoreSerializer, "Thành viên hội đồng chấm điểm", _score, write=False)
RecogniseView = transition_view(
    "recognise",
    RecogniseSerializer,
    "Công nhận (cần đạt điểm chuẩn)",
    lambda r, p, d: (
        services.practice_recognise(practice=p, by=r.user, level=d["level"], summary=d["summary"], on=d.get("on"))
        and None
    ),
)
RejectView = transition_view(
    "reject",
    ReasonSerializer,
    "Không công nhận",
    lambda r, p, d: services.practice_reject(practice=p, by=r.user, reason=d["reason"]) and None,
)
CommendView = transition_view("commend", CommendSerializer, "Ghi nhận khen thưởng", _commend)
# The adopter usually sits outside the source's unit; the scope is checked on its own unit.
AdoptView = transition_view(
    "adopt", AdoptSerializer, "Nhân rộng mô hình tại tổ chức, địa bàn khác", _adopt, write=False
)


class EvidenceView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "EvidenceUpload",
                fields={
                    "file": s.FileField(),
                    "caption": s.CharField(required=False),
                    "is_public": s.BooleanField(required=False),
                },
            )
        },
        responses={201: EvidenceSerializer},
        operation_id="practices_evidence_create",
    )
    def post(self, request, pk: int):
        practice = _practice(request, pk, write=True)
        upload = request.FILES.get("file")
        if upload is None:
            raise ServiceError("Chưa chọn tệp minh chứng.", extra={"file": "required"})
        evidence = services.evidence_add(
            practice=practice,
            by=request.user,
            upload=upload,
            caption=request.data.get("caption", "")[:300],
            is_public=str(request.data.get("is_public", "")).lower() in ("1", "true", "on"),
        )
        return Response(EvidenceSerializer(evidence).data, status=201)


class StatisticsView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("unit", str, description="Mã đơn vị (mặc định: toàn bộ phạm vi của bạn)"),
            OpenApiParameter("on", OpenApiTypes.DATE, description="Ngày để hiểu mã đơn vị (danh mục lúc đó)"),
            OpenApiParameter("from", OpenApiTypes.DATE),
            OpenApiParameter("to", OpenApiTypes.DATE),
        ],
        responses=inline_serializer(
            "PracticeStatistics",
            fields={
                **{key: s.IntegerField() for key in selectors.STATISTICS_KEYS},
                "commendations": inline_serializer(
                    "CommendationCounts",
                    fields={
                        "by_form": inline_serializer(
                            "CommendationsByForm", fields={"form": s.CharField(), "count": s.IntegerField()}, many=True
                        ),
                        "by_authority": inline_serializer(
                            "CommendationsByAuthority",
                            fields={"authority": s.CharField(), "count": s.IntegerField()},
                            many=True,
                        ),
                    },
                ),
            },
        ),
        operation_id="practices_statistics",
    )
    def get(self, request):
        code = request.query_params.get("unit", "").strip()
        # Checked even without a unit: a documented date parameter is never ignored in silence.
        on = query_date(request.query_params, "on")
        unit = _current_unit(code, on) if code else None
        scope = scope_for(request.user)
        if unit is None and not scope.national:
            raise ServiceError("Hãy chọn đơn vị (tham số unit) trong phạm vi của bạn.")
        if unit is not None and not scope.covers(unit):
            raise Http404
        date_from, date_to = query_date(request.query_params, "from"), query_date(request.query_params, "to")
        stats = selectors.practice_statistics(unit=unit, date_from=date_from, date_to=date_to)
        stats["commendations"] = selectors.commendation_counts(unit=unit, date_from=date_from, date_to=date_to)
        return Response(stats)
