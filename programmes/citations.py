"""The documents a programme implements ("văn bản thực hiện"), cited from the library of directives.

An officer writes the references as people do ("23-QĐ/TW; Nghị quyết 25"); each is resolved through the library's
number-and-symbol lookup (``documents.selectors.resolve_reference``) and kept as a ``documents.Citation``, so the
programme's page links to the document and the document's page lists the programme. The library may not hold every
directive (a provincial plan, a ministry's circular): such a reference stays as written in
``Programme.unresolved_refs``, shown as text with a note, and is resolved again whenever the list is edited.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone

from audit.models import Action as AuditAction
from audit.services import record
from documents.models import Citation, Document
from documents.selectors import resolve_reference, split_references
from documents.services import citation_add, citation_remove
from lib.errors import ServiceError
from programmes.models import Programme

MAX_REFERENCES = 30
REFS_MAX = 2000  # what an officer may type; the references the library lacks are kept within ``UNRESOLVED_MAX``
# Documents without a date last on both databases (SQLite puts NULL first, PostgreSQL last).
ORDER = (F("document__issued_on").asc(nulls_last=True), "pk")
HEAVY = ("document__text", "document__search_text")
UNRESOLVED_MAX: int = Programme._meta.get_field("unresolved_refs").max_length or 500
UNRESOLVED_NOTE = "Chưa có trong thư viện văn bản: hiển thị như đã nhập, chưa liên kết được tới văn bản."


@dataclass(frozen=True)
class Resolution:
    documents: list[Document]
    unresolved: list[str]

    @property
    def unresolved_text(self) -> str:
        return "; ".join(self.unresolved)


def resolve_references(user, text: str) -> Resolution:
    """The documents of the library that ``text`` names (each once, in the order written) and the references that
    name none. Refuses a list too long to keep, before anything is written."""
    references = split_references(text)
    if len(references) > MAX_REFERENCES:
        raise ServiceError(
            f"Chỉ ghi tối đa {MAX_REFERENCES} văn bản thực hiện.", extra={"document_refs": len(references)}
        )
    documents: list[Document] = []
    unresolved: list[str] = []
    for reference in references:
        document = resolve_reference(user, reference)
        if document is None:
            unresolved.append(reference)
        elif all(d.pk != document.pk for d in documents):
            documents.append(document)
    resolution = Resolution(documents, unresolved)
    if len(resolution.unresolved_text) > UNRESOLVED_MAX:
        raise ServiceError(
            f"Các văn bản chưa có trong thư viện dài quá {UNRESOLVED_MAX} ký tự; hãy rút gọn hoặc đăng văn bản vào "
            "thư viện trước.",
            extra={"document_refs": resolution.unresolved},
        )
    return resolution


def cite_resolved(*, programme: Programme, by, resolution: Resolution) -> None:
    """The citations of a new programme (inside ``programme_create``'s transaction; each writes its audit row)."""
    for document in resolution.documents:
        citation_add(obj=programme, document=document, by=by)


@transaction.atomic
def programme_documents_set(*, programme: Programme, by, references: str) -> Resolution:
    """The programme implements exactly the documents ``references`` names: citations added and removed to match,
    the references the library does not hold kept as text. A cited document without a number and symbol (it cannot
    be written in the list) stays cited."""
    if not programme.can_cite_documents(by):
        raise ServiceError(
            "Chỉ cơ quan thường trực, cơ quan chủ trì chương trình mới được cập nhật văn bản thực hiện.",
            status_code=403,
        )
    resolution = resolve_references(by, references)
    wanted = {d.pk for d in resolution.documents}
    current = list(programme.citations.select_related("document"))
    for citation in current:
        if citation.document_id not in wanted and citation.document.number_key:
            citation_remove(obj=programme, document=citation.document, by=by)
    cited = {c.document_id for c in current}
    for document in resolution.documents:
        if document.pk not in cited:
            citation_add(obj=programme, document=document, by=by)
    before, after = programme.unresolved_refs, resolution.unresolved_text
    if before != after:
        Programme.objects.filter(pk=programme.pk).update(unresolved_refs=after, updated_at=timezone.now())
        programme.unresolved_refs = after
        record(actor=by, action=AuditAction.UPDATE, obj=programme, changes={"unresolved_refs": [before, after]})
    return resolution


def with_documents(queryset):
    """Programmes with their citations and documents, in two queries for a whole page (``cited_documents``).

    Not filtered by the documents' visibility: whoever sees a programme belongs to an organisation or holds a national
    role, and so reads internal documents too (``documents.models.sees_internal``)."""
    # Never a document's extracted text or search column (up to hundreds of KB each) for a list.
    citations = Citation.objects.select_related("document").defer(*HEAVY).order_by(*ORDER)
    return queryset.prefetch_related(Prefetch("citations", queryset=citations, to_attr="cited"))


def cited_documents(programme: Programme) -> list[Document]:
    """The programme's documents, oldest issued first (prefetched by ``with_documents``, or read now)."""
    citations = getattr(programme, "cited", None)
    if citations is None:
        citations = programme.citations.select_related("document").defer(*HEAVY).order_by(*ORDER)
    return [c.document for c in citations]


def references_text(programme: Programme) -> str:
    """The list as an officer edits it: the cited documents' symbols, then the references not in the library."""
    codes = [d.code for d in cited_documents(programme) if d.code]
    return "; ".join([*codes, *programme.unresolved_list])
