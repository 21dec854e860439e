"""The library's pages: list and search, detail (file, successor, citers), create, edit, replace; the "Căn cứ văn
bản" form other apps' pages include (``documents.templatetags.documents``). Public documents need no account."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from documents import selectors, services
from documents.forms import CiteForm, DocumentForm, FilterForm, ReplaceForm
from documents.models import Document, sees_internal
from lib.actions import dispatch
from lib.errors import ServiceError
from lib.paging import CappedPaginator
from orgs.permissions import is_national

PAGE_SIZE = 30
# What the list shows: never the extracted text or the search column (up to hundreds of KB a row).
LIST_COLUMNS = (
    "code",
    "kind",
    "title",
    "issuer",
    "issued_on",
    "status",
    "visibility",
    "replaced_by__code",
    "replaced_by__title",
    "replaced_by__kind",
    "replaced_by__visibility",
)
CITERS_PAGE_SIZE = 50


def _filters(form: FilterForm) -> selectors.DocumentFilters:
    data = form.cleaned_data if form.is_valid() else {}
    return selectors.DocumentFilters(
        q=data.get("q") or "",
        kind=data.get("kind") or "",
        issuer=data.get("issuer") or "",
        year=data.get("year"),
        status=data.get("status") or "",
    )


@require_GET
def document_list(request):
    form = FilterForm(request.GET or None)
    filters = _filters(form)
    qs = selectors.document_list(request.user, filters).select_related("replaced_by").only(*LIST_COLUMNS)
    page = CappedPaginator.for_search(qs, PAGE_SIZE, filters.q).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "documents/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_publish": services.can_publish(request.user),
            "sees_internal": sees_internal(request.user),
        },
    )


@require_GET
def document_detail(request, pk: int):
    document = selectors.get_document_for_user(request.user, pk)
    citations = CappedPaginator(selectors.citers_for(document, request.user), CITERS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "documents/detail.html",
        {
            "document": document,
            "successor": document.replaced_by
            if document.replaced_by_id
            and Document.objects.visible_to(request.user).filter(pk=document.replaced_by_id).exists()
            else None,
            "predecessors": selectors.predecessors(document, request.user),
            "citations": citations,
            "citers": selectors.describe_citers(list(citations)),
            "can_edit": services.can_edit(request.user, document),
            "replace_form": ReplaceForm(),
        },
    )


@require_GET
def document_file(request, pk: int):
    document = selectors.get_document_for_user(request.user, pk)
    if not document.file:
        raise Http404("Văn bản chưa có tệp.")
    response = FileResponse(document.file.open("rb"), content_type="application/octet-stream")
    # Always a download, never rendered inline.
    response["Content-Disposition"] = f'attachment; filename="van-ban-{document.pk}.{document.file_kind}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _owners(user):
    return services.publishing_organizations(user)


@login_required
def document_create(request):
    if not services.can_publish(request.user):
        raise PermissionDenied("Chỉ cán bộ cấp Trung ương, cấp tỉnh được đăng văn bản.")
    form = DocumentForm(request.POST or None, request.FILES or None, owners=_owners(request.user))
    if not is_national(request.user):
        form.fields["owner"].required = True
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k not in ("owner", "file")}
        try:
            document = services.document_create(
                by=request.user, owner=form.cleaned_data.get("owner"), upload=form.cleaned_data.get("file"), **values
            )
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, "Đã đăng văn bản.")
            return redirect(document)
    return render(request, "documents/form.html", {"form": form})


@login_required
def document_edit(request, pk: int):
    document = selectors.get_document_for_user(request.user, pk)
    if not services.can_edit(request.user, document):
        raise PermissionDenied("Bạn không có quyền sửa văn bản này.")
    initial = {name: getattr(document, name) for name in DocumentForm.Meta.fields}
    form = DocumentForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "file"}
        try:
            # The file first: a refused file leaves the document as it was.
            if form.cleaned_data.get("file"):
                services.document_attach_file(document=document, by=request.user, upload=form.cleaned_data["file"])
            services.document_update(document=document, by=request.user, **values)
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect(document)
    return render(request, "documents/form.html", {"form": form, "document": document})


def _replace(request, document):
    form = ReplaceForm(request.POST)
    if not form.is_valid():
        raise ServiceError("Hãy nhập số, ký hiệu văn bản thay thế.")
    successor = selectors.find_by_code(request.user, form.cleaned_data["successor"])
    if successor is None:
        raise ServiceError(f"Không tìm thấy văn bản “{form.cleaned_data['successor']}”.")
    services.document_replace(
        document=document, by=request.user, successor=successor, reason=form.cleaned_data["reason"]
    )
    return f"Đã ghi nhận {document} được thay thế bởi {successor}."


DOCUMENT_ACTIONS = {"replace": _replace}


@login_required
@require_POST
def document_act(request, pk: int, action: str):
    document = selectors.get_document_for_user(request.user, pk)
    return dispatch(request, document, action, DOCUMENT_ACTIONS, done=redirect(document))


@login_required
@require_POST
def cite(request, action: str):
    """Add or remove a citation from another app's page; back to that page."""
    obj = selectors.cited_object(request.POST.get("object", ""), request.POST.get("object_id", ""))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "/"
    try:
        if action == "them":
            form = CiteForm(request.POST)
            if not form.is_valid():
                raise ServiceError("Hãy nhập số, ký hiệu văn bản.")
            document = selectors.find_by_code(request.user, form.cleaned_data["code"])
            if document is None:
                raise ServiceError(f"Không tìm thấy văn bản “{form.cleaned_data['code']}” trong thư viện.")
            services.citation_add(obj=obj, document=document, by=request.user, note=form.cleaned_data["note"])
            messages.success(request, f"Đã thêm căn cứ {document}.")
        elif action == "bo":
            document = selectors.get_document_for_user(request.user, int(request.POST.get("document") or 0))
            if services.citation_remove(obj=obj, document=document, by=request.user):
                messages.success(request, f"Đã bỏ căn cứ {document}.")
        else:
            raise Http404
    except ServiceError as e:
        messages.error(request, e.message)
    return redirect(back)


def content_label(obj) -> str:
    """What the "Căn cứ văn bản" form posts to name ``obj``'s model."""
    ct = ContentType.objects.get_for_model(obj)
    return f"{ct.app_label}.{ct.model}"
