"""Reads of the library: the scoped, searched list; one document; a number-and-symbol lookup; citers and citations."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from documents.models import Citation, Document, DocumentQuerySet, Kind, Status
from documents.symbols import lookup_key, symbol_tokens
from lib.vntext import fold
from orgs.models import Organization
from orgs.scope import scope_for


@dataclass(frozen=True)
class DocumentFilters:
    q: str = ""
    kind: str = ""
    issuer: str = ""
    year: int | None = None
    status: str = ""


def _visible(user) -> DocumentQuerySet:
    return Document.objects.visible_to(user)


def document_list(user, filters: DocumentFilters) -> QuerySet[Document]:
    """The documents ``user`` may read matching ``filters``, newest entries first.

    A query that reads as a number and symbol ("23 qd/tw", "quyết định 23", "nq25") lists the documents with that
    key; when none has it, or the query is anything else, it is an accent-insensitive full-text search over the
    metadata and the extracted text."""
    qs = _visible(user)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    issuer = fold(filters.issuer)
    if issuer:
        qs = qs.filter(issuer_folded__contains=issuer)
    q = filters.q.strip()
    if not q:
        return qs.order_by("-pk")
    key = lookup_key(q)
    if key:
        by_key = qs.filter(number_key=key).order_by("-pk")
        if by_key.exists():
            return by_key
    return qs.search(q, newest_first=True)


def get_document_for_user(user, pk: int) -> Document:
    """One document the user may read (404 otherwise: an internal document does not exist for the public)."""
    document = _visible(user).select_related("replaced_by", "owner", "issuer_organization").filter(pk=pk).first()
    if document is None:
        raise Http404("Không tìm thấy văn bản hoặc bạn không có quyền xem.")
    return document


def find_by_code(user, text: str) -> Document | None:
    """The document a user means by a number and symbol ("25-NQ/TW", "nq 25"): among those they may read, the one in
    force first, then the newest. None when the text is not a number and symbol or nothing has it."""
    key = lookup_key(text)
    if not key:
        return None
    return _visible(user).filter(number_key=key).order_by("status", "-pk").first()  # "in_force" < "replaced"


def split_references(text: str | None) -> list[str]:
    """The references a free-text list names ("23-QĐ/TW; 25-NQ/TW", one a line also works), trimmed, without
    repeats, in the order written. A comma is not a separator: "Nghị quyết 25-NQ/TW, ngày 03/6/2013" is one."""
    seen: set[str] = set()
    found = []
    for part in re.split(r"[;\n]+", text or ""):
        ref = " ".join(part.split())
        if ref and fold(ref) not in seen:
            seen.add(fold(ref))
            found.append(ref)
    return found


# How many documents sharing a key are compared with the exact symbol typed ("qd23" is shared by many registers).
RESOLVE_CANDIDATES = 50


def resolve_reference(user, text: str) -> Document | None:
    """The document a written reference means, among those ``user`` may read: the same key as ``find_by_code``; when
    several documents share it, the one whose symbol is exactly the one written ("23-QĐ/TW" is not "23-QĐ/TU"), then
    the one in force, then the newest. None when the reference is not a number and symbol or nothing has it."""
    key = lookup_key(text)
    if not key:
        return None
    candidates = list(
        _visible(user)
        .filter(number_key=key)
        .defer("text", "search_text")
        .order_by("status", "-pk")[:RESOLVE_CANDIDATES]
    )
    written = sorted(symbol_tokens(text))
    exact = next((d for d in candidates if d.code and sorted(symbol_tokens(d.code)) == written), None)
    return exact or (candidates[0] if candidates else None)


def predecessors(document: Document, user) -> QuerySet[Document]:
    """The documents ``document`` replaced, that ``user`` may read."""
    return _visible(user).filter(replaced_by=document).order_by("-pk")


# Citations ---------------------------------------------------------------------------------------------------------

# The apps whose objects may cite documents (named, not imported: they sit above this app).
CITING_APPS = frozenset({"practices", "meetings", "programmes", "reports", "emulation", "cases", "democracy"})


def cited_object(label: str, object_id: str | int) -> models.Model:
    """The object a citation form or request names by ``app_label.model`` and id (404 when it is not one of an app
    allowed to cite, or does not exist). Who may cite it is the services' question (``can_cite``)."""
    app_label, _, model_name = str(label).partition(".")
    if app_label not in CITING_APPS or not str(object_id).isdigit():
        raise Http404("Không tìm thấy đối tượng.")
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as e:
        raise Http404("Không tìm thấy đối tượng.") from e
    obj = model._default_manager.filter(pk=int(object_id)).first()
    if obj is None:
        raise Http404("Không tìm thấy đối tượng.")
    return obj


def _visible_objects(model: type[models.Model], user) -> QuerySet | None:
    """The objects of ``model`` that ``user`` may see: its queryset's own ``visible_to(user)`` when it has one, else
    those of organisations in the user's scope (``orgs.scope``), else none (hidden: we cannot tell)."""
    manager = model._default_manager
    if hasattr(manager.get_queryset(), "visible_to"):
        return manager.get_queryset().visible_to(user)  # type: ignore[attr-defined]
    try:
        field = model._meta.get_field("organization")
    except Exception:  # noqa: BLE001 - FieldDoesNotExist: no organisation, nothing to scope by
        return None
    if getattr(field, "related_model", None) is not Organization:
        return None
    organizations = scope_for(user).filter(Organization.objects.all(), "unit")
    return manager.filter(organization__in=organizations.values("pk"))


def may_see(obj: models.Model, user) -> bool:
    """Whether ``user`` may see ``obj`` (the rule of ``_visible_objects``)."""
    visible = _visible_objects(type(obj), user)
    return visible is not None and visible.filter(pk=obj.pk).exists()


def citers_for(document: Document, user) -> QuerySet[Citation]:
    """The citations of ``document`` whose citing object ``user`` may see, newest first (paginate it)."""
    citations = Citation.objects.filter(document=document)
    condition = Q(pk__in=[])
    for content_type_id in citations.order_by().values_list("content_type_id", flat=True).distinct():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        visible = _visible_objects(model, user) if model is not None else None
        if visible is not None:
            condition |= Q(content_type_id=content_type_id, object_id__in=visible.values("pk"))
    return citations.filter(condition).order_by("-pk")


@dataclass(frozen=True)
class Citer:
    label: str
    url: str
    kind: str
    note: str


def describe_citers(citations: list[Citation]) -> list[Citer]:
    """Labels and links of a page of citations: one query per kind of citing object."""
    by_type: dict[int, list[int]] = defaultdict(list)
    for citation in citations:
        by_type[citation.content_type_id].append(citation.object_id)
    objects: dict[tuple[int, int], Any] = {}
    kinds: dict[int, str] = {}
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        kinds[content_type_id] = str(model._meta.verbose_name).capitalize()
        # A citer whose label reads its relations (a report: its period and organisation) names them in
        # ``citer_related``, read in the same query rather than once per row.
        rows = model._default_manager.select_related(*getattr(model, "citer_related", ()))
        for pk, cited in rows.in_bulk(ids).items():
            objects[(content_type_id, pk)] = cited
    described = []
    for citation in citations:
        found = objects.get((citation.content_type_id, citation.object_id))
        if found is None:
            continue
        url = found.get_absolute_url() if hasattr(found, "get_absolute_url") else ""
        described.append(Citer(str(found), url, kinds.get(citation.content_type_id, ""), citation.note))
    return described


def documents_cited_by(obj: models.Model, user) -> QuerySet[Citation]:
    """The citations of ``obj`` (with their documents) whose document ``user`` may read: the "Căn cứ văn bản" list."""
    content_type = ContentType.objects.get_for_model(obj)
    return (
        Citation.objects.filter(content_type=content_type, object_id=obj.pk, document__in=_visible(user).values("pk"))
        .select_related("document", "document__replaced_by")
        .order_by("document__issued_on", "pk")
    )


__all__ = [
    "Citer",
    "DocumentFilters",
    "Kind",
    "Status",
    "citers_for",
    "describe_citers",
    "document_list",
    "documents_cited_by",
    "find_by_code",
    "get_document_for_user",
    "resolve_reference",
    "split_references",
]
