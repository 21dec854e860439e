"""/api/v1/reports/config/: the configuration pages' twins (forms, versions, indicators, rules)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from lib.api_actions import action_view, valid
from lib.errors import ServiceError
from lib.pagination import PageNumberPagination
from orgs.models import OrganizationType
from reports import config
from reports.config_forms import parse_sections
from reports.config_serializers import (
    ConfigFormSerializer,
    ConfigIndicatorSerializer,
    FormIndicatorInSerializer,
    FormWriteSerializer,
    IndicatorWriteSerializer,
    RuleInSerializer,
    RuleRemoveSerializer,
)
from reports.models import Indicator, ReportForm


def _form(request, pk: int) -> ReportForm:
    form = (
        config.forms_visible_to(request.user)
        .prefetch_related("items__indicator", "rules__left", "rules__right", "org_types")
        .filter(pk=pk)
        .first()
    )
    if form is None:
        raise Http404("Không tìm thấy mẫu báo cáo hoặc bạn không có quyền xem.")
    return form


def _indicator_in(request, code: str | None, field: str) -> Indicator | None:
    if not code:
        return None
    indicator = config.indicators_visible_to(request.user).filter(code=code).first()
    if indicator is None:
        raise ServiceError(f"Không có chỉ tiêu mã “{code}”.", extra={field: code})
    return indicator


def _owner(request, owner_id):
    for owner in config.owner_choices(request.user):
        if (owner is None and owner_id is None) or (owner is not None and owner.pk == owner_id):
            return owner
    raise ServiceError("Bạn không tạo được cấu hình cho cơ quan này.", extra={"owner": owner_id}, status_code=403)


def _org_types(codes: list[str]) -> list[OrganizationType]:
    found = list(OrganizationType.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {t.code for t in found})
    if missing:
        raise ServiceError("Không có loại tổ chức: " + ", ".join(missing) + ".", extra={"org_types": missing})
    return found


def _detail(request, form: ReportForm):
    return ConfigFormSerializer(_form(request, form.pk)).data


class ConfigFormListView(APIView):
    pagination_class = PageNumberPagination

    @extend_schema(responses=ConfigFormSerializer(many=True), operation_id="reports_config_forms_list")
    def get(self, request):
        qs = (
            config.forms_visible_to(request.user)
            .prefetch_related("items__indicator", "rules__left", "rules__right", "org_types")
            .order_by("id")
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(ConfigFormSerializer(page, many=True).data)

    @extend_schema(
        request=FormWriteSerializer, responses={201: ConfigFormSerializer}, operation_id="reports_config_forms_create"
    )
    def post(self, request):
        data = valid(FormWriteSerializer, request)
        for name in ("code", "name", "period_type", "tiers", "org_types"):
            if name not in data:
                raise ServiceError(f"Thiếu trường “{name}”.", extra={name: "required"})
        form = config.form_create(
            by=request.user,
            owner=_owner(request, data.get("owner")),
            code=data["code"],
            name=data["name"],
            period_type=data["period_type"],
            topic=data.get("topic", ""),
            cutoff_day=data.get("cutoff_day"),
            due_days=data.get("due_days", 5),
            tiers=data["tiers"],
            org_types=_org_types(data["org_types"]),
            sections=parse_sections("\n".join(data["sections"])) if "sections" in data else None,
        )
        return Response(_detail(request, form), status=201)


class ConfigFormDetailView(APIView):
    @extend_schema(responses=ConfigFormSerializer, operation_id="reports_config_forms_retrieve")
    def get(self, request, pk: int):
        return Response(ConfigFormSerializer(_form(request, pk)).data)

    @extend_schema(
        request=FormWriteSerializer,
        responses=ConfigFormSerializer,
        operation_id="reports_config_forms_update",
        description="Sửa mẫu. Mẫu đã dùng cho kỳ báo cáo: tạo phiên bản mới (trả về phiên bản mới), áp dụng từ kỳ sau.",
    )
    def patch(self, request, pk: int):
        form = _form(request, pk)
        data = valid(FormWriteSerializer, request)
        if {"owner", "code"} & set(data):
            raise ServiceError("Không đổi được cơ quan ban hành hay mã của mẫu.")
        org_types = _org_types(data.pop("org_types")) if "org_types" in data else None
        if "sections" in data:
            data["sections"] = parse_sections("\n".join(data["sections"]))
        new = config.form_update(form=form, by=request.user, org_types=org_types, **data)
        return Response(_detail(request, new))


def _add_indicator(request, form, data):
    indicator = _indicator_in(request, data["indicator"], "indicator")
    return _detail(
        request, config.form_add_indicator(form=form, by=request.user, indicator=indicator, is_key=data["is_key"])
    )


def _remove_indicator(request, form, data):
    indicator = _indicator_in(request, data["indicator"], "indicator")
    return _detail(request, config.form_remove_indicator(form=form, by=request.user, indicator=indicator))


def _add_rule(request, form, data):
    new, _rule = config.rule_add(
        form=form,
        by=request.user,
        kind=data["kind"],
        severity=data["severity"],
        left=_indicator_in(request, data.get("left"), "left"),
        right=_indicator_in(request, data.get("right"), "right"),
        threshold_pct=data.get("threshold_pct"),
    )
    return _detail(request, new)


def _remove_rule(request, form, data):
    return _detail(request, config.rule_remove(form=form, by=request.user, rule_id=data["rule"]))


def _retire(request, form, data):
    return _detail(request, config.form_retire(form=form, by=request.user))


OPERATIONS = {
    "AddIndicator": "add_indicator",
    "RemoveIndicator": "remove_indicator",
    "AddRule": "add_rule",
    "RemoveRule": "remove_rule",
    "Retire": "retire",
}


def _form_action(name: str, act, serializer, summary: str):
    return action_view(
        f"ConfigForm{name}",
        get=_form,
        act=act,
        detail=lambda form: ConfigFormSerializer(form).data,
        serializer=serializer,
        response=ConfigFormSerializer,
        operation_id=f"reports_config_forms_{OPERATIONS[name]}",
        summary=summary,
    )


FormAddIndicatorView = _form_action("AddIndicator", _add_indicator, FormIndicatorInSerializer, "Thêm chỉ tiêu vào mẫu")
FormRemoveIndicatorView = _form_action(
    "RemoveIndicator", _remove_indicator, FormIndicatorInSerializer, "Bỏ chỉ tiêu khỏi mẫu"
)
FormAddRuleView = _form_action("AddRule", _add_rule, RuleInSerializer, "Thêm quy tắc kiểm tra")
FormRemoveRuleView = _form_action("RemoveRule", _remove_rule, RuleRemoveSerializer, "Bỏ quy tắc kiểm tra")
FormRetireView = _form_action("Retire", _retire, None, "Ngừng sử dụng mẫu (các kỳ đã mở giữ nguyên)")


class StandardFormView(APIView):
    @extend_schema(request=None, responses={201: ConfigFormSerializer}, operation_id="reports_config_standard_form")
    def post(self, request):
        """Tạo mẫu báo cáo sơ kết 6 tháng quốc gia với danh mục chỉ tiêu chuẩn (cài đặt mới)."""
        form = config.standard_form_create(by=request.user)
        return Response(_detail(request, form), status=201)


# ----------------------------------------------------------------------------------------------- indicators


def _indicator(request, pk: int) -> Indicator:
    indicator = config.indicators_visible_to(request.user).filter(pk=pk).first()
    if indicator is None:
        raise Http404("Không tìm thấy chỉ tiêu hoặc bạn không có quyền xem.")
    return indicator


def _links(request, data: dict) -> dict:
    for name in ("weight", "numerator", "denominator"):
        if name in data:
            data[name] = _indicator_in(request, data[name], name)
    return data


class ConfigIndicatorListView(APIView):
    pagination_class = PageNumberPagination

    @extend_schema(responses=ConfigIndicatorSerializer(many=True), operation_id="reports_config_indicators_list")
    def get(self, request):
        qs = config.indicators_visible_to(request.user).select_related("weight", "numerator", "denominator")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs.order_by("id"), request, view=self)
        return paginator.get_paginated_response(ConfigIndicatorSerializer(page, many=True).data)

    @extend_schema(
        request=IndicatorWriteSerializer,
        responses={201: ConfigIndicatorSerializer},
        operation_id="reports_config_indicators_create",
    )
    def post(self, request):
        data = valid(IndicatorWriteSerializer, request)
        for name in ("code", "name"):
            if name not in data:
                raise ServiceError(f"Thiếu trường “{name}”.", extra={name: "required"})
        owner = _owner(request, data.pop("owner", None))
        code = data.pop("code")
        data.pop("is_active", None)
        indicator = config.indicator_create(by=request.user, owner=owner, code=code, **_links(request, data))
        return Response(ConfigIndicatorSerializer(indicator).data, status=201)


class ConfigIndicatorDetailView(APIView):
    @extend_schema(responses=ConfigIndicatorSerializer, operation_id="reports_config_indicators_retrieve")
    def get(self, request, pk: int):
        return Response(ConfigIndicatorSerializer(_indicator(request, pk)).data)

    @extend_schema(
        request=IndicatorWriteSerializer,
        responses=ConfigIndicatorSerializer,
        operation_id="reports_config_indicators_update",
    )
    def patch(self, request, pk: int):
        indicator = _indicator(request, pk)
        data = valid(IndicatorWriteSerializer, request)
        if {"owner", "code"} & set(data):
            raise ServiceError("Không đổi được cơ quan quản lý hay mã của chỉ tiêu.")
        indicator = config.indicator_update(indicator=indicator, by=request.user, **_links(request, data))
        return Response(ConfigIndicatorSerializer(indicator).data)
