"""Citizens' pages (no account): a commune's disclosures with their files, its consultations under way, published
consultation results and village rules in force, and the online household vote. Never a household or a code."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from democracy import consultations, selectors
from democracy.forms import VoteForm
from democracy.models import DisclosureFile, DisclosureStatus
from lib.errors import ServiceError
from lib.uploads import EVIDENCE_KINDS

CONTENT_TYPES = {k.name: k.content_type for k in EVIDENCE_KINDS}


@require_GET
def commune_page(request, code: str):
    unit = selectors.public_commune(code)
    context = {
        "unit": unit,
        "disclosures": selectors.public_disclosures(unit),
        "consultations": selectors.public_consultations(unit, limit=20),
        "open_consultations": selectors.public_open_consultations(unit),
        "village_rules": selectors.public_village_rules(unit),
    }
    return render(request, "democracy/public/commune.html", context)


@require_GET
@cache_control(public=True, max_age=3600)
def file_download(request, token: str):
    row = (
        DisclosureFile.objects.filter(token=token, disclosure__status=DisclosureStatus.PUBLISHED)
        .only("file", "kind", "disclosure_id")
        .first()
    )
    if row is None:
        raise Http404("Không tìm thấy tệp.")
    response = FileResponse(row.file.open("rb"), content_type=CONTENT_TYPES.get(row.kind, "application/octet-stream"))
    # Always a download, never rendered inline.
    response["Content-Disposition"] = f'attachment; filename="cong-khai-{row.disclosure_id}-{row.pk}.{row.kind}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


@require_http_methods(["GET", "POST"])
def vote(request, pk: int):
    consultation = selectors.get_public_consultation(pk)
    options = list(consultation.options.all())
    form = VoteForm(request.POST or None, options=options)
    if request.method == "POST" and form.is_valid():
        try:
            consultations.consultation_vote(
                consultation=consultation, code=form.cleaned_data["code"], option_id=form.cleaned_data["option"]
            )
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            return redirect("democracy_public:voted", pk=pk)
    return render(request, "democracy/public/vote.html", {"c": consultation, "form": form})


@require_GET
def voted(request, pk: int):
    consultation = selectors.get_public_consultation(pk)
    return render(request, "democracy/public/voted.html", {"c": consultation})
