"""/api/v1/documents/ and /api/v1/citations/: the library (public documents readable without an account) and the
citations other apps make of it."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from documents import selectors, services
from documents.models import Citation, Document, Kind, Status, sees_internal
from documents.serializers import (
    CitationSerializer,
    CitationWriteSerializer,
    CiterSerializer,
    DocumentDetailSerializer,
    DocumentListSerializer,
    DocumentUpdateSerializer,
    DocumentWriteSerializer,
    FileSerializer,
    ReplaceSerializer,
)
from lib.api_actions import action_view, valid
from lib.errors import ServiceError
from lib.pagination import PageNumberPagination
from lib.params import query_choice, query_int
from orgs.models import Organization
from orgs.permissions import is_national

LIST_PARAMS = [
    OpenApiParameter("q", str, description="Tìm không dấu; hoặc số, ký hiệu: “23 qd/tw”, “quyết định 23”, “nq25”"),
    OpenApiParameter("kind", str, enum=Kind.values),
    OpenApiParameter("issuer", str, description="Cơ quan ban hành (một phần tên, không dấu)"),
    OpenApiParameter("year", int),
    OpenApiParameter("status", str, enum=Status.values),
]


def _filters(params) -> selectors.DocumentFilters:
    return selectors.DocumentFilters(
        q=params.get("q", "")[:200],
        kind=query_choice(params, "kind", Kind.values),
        issuer=params.get("issuer", "")[:100],
        year=query_int(params, "year", minimum=1900, maximum=2100),
        status=query_choice(params, "status", Status.values),
    )


def _document(request, pk: int) -> Document:
    return selectors.get_document_for_user(request.user, pk)


def _detail(document: Document) -> dict:
    # Only writers get here (replace, file, edit): they are members, who see internal documents.
    document.refresh_from_db()
    return DocumentDetailSerializer(document, context={"sees_internal": True}).data


def _owner(request, owner_id: int | None) -> Organization | None:
    if owner_id is None:
        return None
    owner = services.publishing_organizations(request.user).filter(pk=owner_id).first()
    if owner is None and is_national(request.user):
        owner = Organization.objects.filter(pk=owner_id, is_active=True).first()
    if owner is None:
        raise ServiceError("Không tìm thấy tổ chức bạn được đăng văn bản thay.", extra={"owner": owner_id})
    return owner


class DocumentListView(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=LIST_PARAMS,
        responses=DocumentListSerializer(many=True),
        operation_id="documents_list",
        summary="Thư viện văn bản (không cần đăng nhập: chỉ văn bản công khai)",
    )
    def get(self, request):
        filters = _filters(request.query_params)
        qs = selectors.document_list(request.user, filters).select_related("replaced_by").defer("text", "search_text")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        context = {"sees_internal": sees_internal(request.user)}
        return paginator.get_paginated_response(DocumentListSerializer(page, many=True, context=context).data)

    @extend_schema(
        request={"multipart/form-data": DocumentWriteSerializer, "application/json": DocumentWriteSerializer},
        responses={201: DocumentDetailSerializer},
        operation_id="documents_create",
        summary="Đăng văn bản (cán bộ Trung ương, cấp tỉnh)",
    )
    def post(self, request):
        values = valid(DocumentWriteSerializer, request)
        owner = _owner(request, values.pop("owner", None))
        upload = values.pop("file", None)
        document = services.document_create(by=request.user, owner=owner, upload=upload, **values)
        return Response(DocumentDetailSerializer(document, context={"sees_internal": True}).data, status=201)


class DocumentDetailView(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses=DocumentDetailSerializer, operation_id="documents_retrieve")
    def get(self, request, pk: int):
        context = {"sees_internal": sees_internal(request.user)}
        return Response(DocumentDetailSerializer(_document(request, pk), context=context).data)

    @extend_schema(
        request=DocumentUpdateSerializer(partial=True),
        responses=DocumentDetailSerializer,
        operation_id="documents_partial_update",
    )
    def patch(self, request, pk: int):
        document = _document(request, pk)
        data = DocumentUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        services.document_update(document=document, by=request.user, **values)
        return Response(_detail(document))


class DocumentCitersView(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]
    pagination_class = PageNumberPagination

    @extend_schema(
        responses=CiterSerializer(many=True),
        operation_id="documents_citers",
        summary="Các đối tượng căn cứ văn bản (chỉ những gì người xem được phép thấy)",
    )
    def get(self, request, pk: int):
        document = _document(request, pk)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.citers_for(document, request.user), request, view=self)
        citers = selectors.describe_citers(list(page))
        return paginator.get_paginated_response(CiterSerializer(citers, many=True).data)


def _replace(request, document, data):
    successor = selectors.get_document_for_user(request.user, data["successor"])
    services.document_replace(document=document, by=request.user, successor=successor, reason=data.get("reason", ""))


def _attach(request, document, data):
    services.document_attach_file(document=document, by=request.user, upload=data["file"])


ReplaceView = action_view(
    "DocumentReplace",
    get=_document,
    act=_replace,
    detail=_detail,
    serializer=ReplaceSerializer,
    response=DocumentDetailSerializer,
    operation_id="documents_replace",
    summary="Ghi nhận văn bản đã được thay thế bởi văn bản khác",
)
FileView = action_view(
    "DocumentFile",
    get=_document,
    act=_attach,
    detail=_detail,
    serializer=FileSerializer,
    response=DocumentDetailSerializer,
    operation_id="documents_file",
    summary="Tải lên (thay) tệp PDF/DOCX của văn bản; nội dung được trích xuất để tìm kiếm",
    multipart=True,
)


CITATION_PARAMS = [
    OpenApiParameter("object", str, required=True, description="app_label.model, ví dụ practices.practice"),
    OpenApiParameter("object_id", int, required=True),
]


class CitationListView(APIView):
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=CITATION_PARAMS,
        responses=CitationSerializer(many=True),
        operation_id="citations_list",
        summary="Các văn bản một đối tượng căn cứ",
    )
    def get(self, request):
        paginator = self.pagination_class()
        paginator.get_page_size(request)  # a bad page_size is a 400 whatever else is wrong
        label = request.query_params.get("object", "")
        object_id = query_int(request.query_params, "object_id", minimum=1)
        if not label or object_id is None:
            raise ServiceError("Thiếu tham số “object” hoặc “object_id”.", extra={"object": label})
        obj = selectors.cited_object(label, object_id)
        if not services.can_cite(request.user, obj) and not selectors.may_see(obj, request.user):
            raise Http404
        page = paginator.paginate_queryset(selectors.documents_cited_by(obj, request.user), request, view=self)
        return paginator.get_paginated_response(CitationSerializer(page, many=True).data)

    @extend_schema(
        request=CitationWriteSerializer, responses={201: CitationSerializer}, operation_id="citations_create"
    )
    def post(self, request):
        data = valid(CitationWriteSerializer, request)
        obj = selectors.cited_object(data["object"], data["object_id"])
        if data.get("document"):
            document = selectors.get_document_for_user(request.user, data["document"])
        else:
            found = selectors.find_by_code(request.user, data.get("code", ""))
            if found is None:
                raise ServiceError("Không tìm thấy văn bản có số, ký hiệu này.", extra={"code": data.get("code", "")})
            document = found
        citation = services.citation_add(obj=obj, document=document, by=request.user, note=data.get("note", ""))
        return Response(CitationSerializer(citation).data, status=201)


class CitationDetailView(APIView):
    @extend_schema(request=None, responses={204: None}, operation_id="citations_destroy")
    def delete(self, request, pk: int):
        citation = Citation.objects.select_related("document", "content_type").filter(pk=pk).first()
        if citation is None:
            raise Http404
        model = citation.content_type.model_class()
        obj = model._default_manager.filter(pk=citation.object_id).first() if model is not None else None
        if obj is None or not selectors.may_see(obj, request.user):
            raise Http404
        services.citation_remove(obj=obj, document=citation.document, by=request.user)
        return Response(status=204)
