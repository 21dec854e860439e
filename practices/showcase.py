"""The public showcase of recognised "Dân vận khéo" practices: no account needed.

Only recognised (and later) practices appear. Nothing personal is shown: no officer names, no
contact details, and an exemplary individual's name only when the owner marked it public. Photos
are the evidence images the owner marked public; other evidence stays private.
"""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from geo.models import AdminUnit, Level
from lib.paging import CappedPaginator
from lib.uploads import JPEG, PNG, WEBP
from practices import selectors
from practices.forms import ShowcaseFilterForm
from practices.models import CommendationForm, Kind

PHOTO_KINDS = {k.name: k.content_type for k in (JPEG, PNG, WEBP)}


def _provinces():
    return list(AdminUnit.objects.valid_on(timezone.localdate()).filter(level=Level.PROVINCE).vietnamese_order())


@require_GET
def showcase_list(request):
    provinces = _provinces()
    form = ShowcaseFilterForm(request.GET or None, provinces=provinces)
    data = form.cleaned_data if form.is_valid() else {}
    province = next((p for p in provinces if p.code == data.get("province")), None)
    filters = selectors.ShowcaseFilters(
        province=province, field=data.get("field", ""), kind=data.get("kind", ""), q=data.get("q", "")
    )
    page = CappedPaginator.for_search(selectors.showcase_list(filters), 24, filters.q).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "practices/showcase/list.html", {"form": form, "page": page, "query": query.urlencode()})


@require_GET
def showcase_detail(request, pk: int):
    practice = selectors.showcase_practice(pk)
    public = list(practice.evidence.filter(is_public=True))
    photos = [e for e in public if e.kind in PHOTO_KINDS]
    files = [e for e in public if e.kind not in PHOTO_KINDS]
    commendations = [
        {
            "form": CommendationForm(c.form).label,
            "authority": c.authority,
            "decision_number": c.decision_number,
            "decision_date": c.decision_date,
            # A person's name only when the owner made it public.
            "recipient": c.recipient_name if c.recipient_kind == Kind.MODEL or practice.person_public else "",
        }
        for c in practice.commendations.order_by("decision_date", "id")
    ]
    source = practice.source if practice.source and practice.source.status in selectors.RECOGNISED_STATES else None
    return render(
        request,
        "practices/showcase/detail.html",
        {
            "practice": practice,
            "person": practice.person_name if practice.person_public else "",
            "photos": photos,
            "files": files,
            "commendations": commendations,
            "spread": selectors.spread(practice),
            "source": source,
        },
    )


@require_GET
@cache_control(public=True, max_age=3600)
def showcase_photo(request, pk: int, token: str):
    practice = selectors.showcase_practice(pk)
    evidence = practice.evidence.filter(token=token, is_public=True).first()
    if evidence is None or evidence.kind not in PHOTO_KINDS:
        raise Http404("Không tìm thấy ảnh.")
    response = FileResponse(evidence.file.open("rb"), content_type=PHOTO_KINDS[evidence.kind])
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


@require_GET
def showcase_file(request, pk: int, token: str):
    """A file other than a photo that the owner marked public: always a download, never rendered inline."""
    practice = selectors.showcase_practice(pk)
    evidence = practice.evidence.filter(token=token, is_public=True).first()
    if evidence is None or evidence.kind in PHOTO_KINDS:
        raise Http404("Không tìm thấy tệp.")
    response = FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=f"{slugify(practice.name)[:60] or 'tep'}.{evidence.kind}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
