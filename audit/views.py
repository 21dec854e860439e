import datetime as dt

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from audit.formatting import sentences
from audit.models import Action, AuditEvent
from lib.params import page_int


def _date(raw: str) -> dt.date | None:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    return None


@login_required
def event_list(request):
    if not request.user.has_perm("audit.view_auditevent"):
        raise PermissionDenied("Chỉ quản trị hệ thống được xem nhật ký.")
    qs = AuditEvent.objects.select_related("content_type")
    params = request.GET
    errors = []
    if params.get("actor"):
        qs = qs.filter(actor_label__icontains=params["actor"][:100])
    if params.get("action") in Action.values:
        qs = qs.filter(action=params["action"])
    if (content_type := page_int(params, "type", minimum=1)) is not None:
        qs = qs.filter(content_type_id=content_type)
    for name, lookup in (("from", "at__date__gte"), ("to", "at__date__lte")):
        if params.get(name):
            value = _date(params[name])
            if value is None:
                errors.append(f"Ngày “{params[name]}” không đúng dạng dd/mm/yyyy.")
            else:
                qs = qs.filter(**{lookup: value})
    page = Paginator(qs, 50).get_page(params.get("page"))
    page.object_list = list(page.object_list)  # evaluated once: the template reads the sentences set on these rows
    lines = sentences(page.object_list)
    for event in page.object_list:
        event.change_lines = lines[event.pk]
    query = params.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/list.html",
        {
            "page": page,
            "actions": Action.choices,
            "errors": errors,
            "query": query.urlencode(),
            "types": ContentType.objects.filter(pk__in=AuditEvent.objects.values("content_type").distinct()),
            "params": params,
        },
    )
