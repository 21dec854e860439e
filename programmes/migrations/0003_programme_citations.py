"""A programme's documents become citations of the library: each reference of the free text ``document_refs``
("23-QĐ/TW; 25-NQ/TW") that names a document of the library is kept as a ``documents.Citation``; the references the
library does not hold stay as text in the renamed column ``unresolved_refs``.

The lookup is the library's own (``documents.symbols``: framework-free, no model import) over every document, the
exact symbol first, then the one in force, then the newest — as ``documents.selectors.resolve_reference`` does for a
user who reads internal documents, as every officer running a programme does. Reversed, the cited documents' symbols
go back into the text before the unresolved ones, and the programmes' citations are removed.
"""

import re

from django.db import migrations, models
from django.db.models import F

from documents.symbols import lookup_key, symbol_tokens
from lib.vntext import fold

CANDIDATES = 50


def _split(text):
    seen, found = set(), []
    for part in re.split(r"[;\n]+", text or ""):
        ref = " ".join(part.split())
        if ref and fold(ref) not in seen:
            seen.add(fold(ref))
            found.append(ref)
    return found


def _resolve(Document, reference):
    key = lookup_key(reference)
    if not key:
        return None
    candidates = list(
        Document.objects.filter(number_key=key).only("pk", "code", "status").order_by("status", "-pk")[:CANDIDATES]
    )
    written = sorted(symbol_tokens(reference))
    exact = next((d for d in candidates if d.code and sorted(symbol_tokens(d.code)) == written), None)
    return exact or (candidates[0] if candidates else None)


def resolve_references(apps, schema_editor):
    Programme = apps.get_model("programmes", "Programme")
    Document = apps.get_model("documents", "Document")
    Citation = apps.get_model("documents", "Citation")
    ContentType = apps.get_model("contenttypes", "ContentType")
    programmes = Programme.objects.exclude(unresolved_refs="").only("pk", "unresolved_refs", "created_by_id")
    if not programmes.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="programmes", model="programme")
    for programme in programmes.iterator():
        unresolved, cited = [], []
        for reference in _split(programme.unresolved_refs):
            document = _resolve(Document, reference)
            if document is None:
                unresolved.append(reference)
            elif document.pk not in cited:
                cited.append(document.pk)
        for document_id in cited:
            Citation.objects.get_or_create(
                content_type=content_type,
                object_id=programme.pk,
                document_id=document_id,
                defaults={"created_by_id": programme.created_by_id},
            )
        text = "; ".join(unresolved)
        if text != programme.unresolved_refs:
            Programme.objects.filter(pk=programme.pk).update(unresolved_refs=text)


def restore_text(apps, schema_editor):
    Programme = apps.get_model("programmes", "Programme")
    Citation = apps.get_model("documents", "Citation")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label="programmes", model="programme").first()
    if content_type is None:
        return
    citations = Citation.objects.filter(content_type=content_type)
    by_programme = {}
    ordered = citations.order_by(F("document__issued_on").asc(nulls_last=True), "pk")
    for object_id, code in ordered.values_list("object_id", "document__code"):
        if code:
            by_programme.setdefault(object_id, []).append(code)
    for programme in Programme.objects.filter(pk__in=list(by_programme)).only("pk", "unresolved_refs"):
        parts = [*by_programme[programme.pk], *_split(programme.unresolved_refs)]
        Programme.objects.filter(pk=programme.pk).update(unresolved_refs="; ".join(parts)[:500])
    citations.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("documents", "0002_fulltext"),
        ("programmes", "0002_seed_contribution_kinds_and_indicators"),
    ]

    operations = [
        migrations.RenameField(model_name="programme", old_name="document_refs", new_name="unresolved_refs"),
        migrations.AlterField(
            model_name="programme",
            name="unresolved_refs",
            field=models.CharField(blank=True, default="", max_length=500, verbose_name="văn bản chưa có trong thư viện"),
        ),
        migrations.RunPython(resolve_references, restore_text),
    ]
