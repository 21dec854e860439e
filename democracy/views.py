"""Officers' pages of the democracy module under /dan-chu/: disclosures, obligations, compliance and supervision
recommendations (consultations, village rules and boards have their own ``views_*`` modules). Each button posts to
one act view per object (``lib.actions.dispatch``)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from democracy import compliance as compliance_mod
from democracy import disclosures, selectors, supervision
from democracy.forms import AnswerForm, DisclosureForm
from democracy.models import Channel
from geo.models import Level
from geo.selectors import unit_on
from lib.actions import dispatch
from lib.errors import ServiceError
from lib.paging import CappedPaginator
from orgs.models import Organization
from orgs.permissions import is_national, user_org_ids
from orgs.scope import scope_for

PER_PAGE = 50


def commune_bodies(user) -> list[Organization]:
    """The commune-level bodies the user writes for (the choices of the disclosure form)."""
    ids = user_org_ids(user, write=True)
    return list(
        Organization.objects.filter(pk__in=ids, is_active=True, unit__level=Level.COMMUNE)
        .select_related("unit")
        .order_by("sort_key", "id")
    )


@login_required
def disclosure_list(request):
    status = request.GET.get("status", "")
    qs = selectors.disclosure_list(request.user, status=status if status in dict(_STATUS) else "")
    page = CappedPaginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "disclosures": page.object_list, "can_write": bool(commune_bodies(request.user))}
    return render(request, "democracy/disclosure_list.html", context)


_STATUS = [("draft", "Đang soạn"), ("published", "Đã công khai"), ("withdrawn", "Đã thu hồi")]


@login_required
def disclosure_new(request):
    bodies = commune_bodies(request.user)
    if not bodies:
        raise PermissionDenied("Chỉ cán bộ cơ quan cấp xã mới ghi nhận nội dung công khai.")
    form = DisclosureForm(request.POST or None, request.FILES or None, organizations=bodies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                disclosure = disclosures.disclosure_create(
                    by=request.user,
                    organization=data["organization"],
                    category=data["category"],
                    title=data["title"],
                    content=data["content"],
                    period_start=data["period_start"],
                    document_number=data["document_number"],
                    document_date=data["document_date"],
                    document_issuer=data["document_issuer"],
                )
                _channels(request.user, disclosure, data)
                if data["file"]:
                    disclosures.disclosure_file_add(disclosure=disclosure, by=request.user, upload=data["file"])
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, "Đã lưu nội dung công khai. Kiểm tra lại rồi bấm “Công khai”.")
            return redirect("democracy:disclosure", pk=disclosure.pk)
    return render(request, "democracy/disclosure_new.html", {"form": form})


def _channels(user, disclosure, data) -> None:
    if data["board_posted_on"]:
        disclosures.disclosure_channel_set(
            disclosure=disclosure, by=user, channel=Channel.NOTICE_BOARD, posted_on=data["board_posted_on"]
        )
    if data["website_url"]:
        disclosures.disclosure_channel_set(disclosure=disclosure, by=user, channel=Channel.WEBSITE,
                                           posted_on=data["website_posted_on"], url=data["website_url"])  # fmt: skip
    if data["speaker_posted_on"]:
        disclosures.disclosure_channel_set(disclosure=disclosure, by=user, channel=Channel.LOUDSPEAKER,
                                           posted_on=data["speaker_posted_on"],
                                           broadcast_days=data["speaker_days"] or 0)  # fmt: skip


@login_required
def disclosure_detail(request, pk: int):
    disclosure = selectors.get_disclosure_for_user(request.user, pk)
    can_write = scope_for(request.user, write=True).covers(disclosure.unit) and any(
        b.pk == disclosure.organization_id for b in commune_bodies(request.user)
    )
    context = {
        "d": disclosure,
        "defects": disclosures.defects(disclosure),
        "can_write": can_write,
        "obligations": list(disclosure.obligations.all()),
    }
    return render(request, "democracy/disclosure_detail.html", context)


def _publish(request, disclosure):
    disclosures.disclosure_publish(disclosure=disclosure, by=request.user)
    return f"Đã công khai “{disclosure.title}”."


def _take_down(request, disclosure):
    try:
        on = dt.date.fromisoformat(request.POST.get("on", ""))
    except ValueError:
        raise ServiceError("Hãy nhập ngày gỡ.") from None
    disclosures.disclosure_take_down(disclosure=disclosure, by=request.user, on=on)
    return "Đã ghi ngày gỡ niêm yết."


def _withdraw(request, disclosure):
    disclosures.disclosure_withdraw(disclosure=disclosure, by=request.user, reason=request.POST.get("reason", ""))
    return "Đã thu hồi nội dung công khai."


DISCLOSURE_ACTIONS = {"cong-khai": _publish, "go-niem-yet": _take_down, "thu-hoi": _withdraw}


@login_required
@require_POST
def disclosure_act(request, pk: int, action: str):
    disclosure = selectors.get_disclosure_for_user(request.user, pk)
    return dispatch(request, disclosure, action, DISCLOSURE_ACTIONS, done=redirect("democracy:disclosure", pk=pk))


@login_required
def obligation_list(request):
    state = request.GET.get("state", "")
    state = state if state in selectors.OBLIGATION_STATES else ""
    today = timezone.localdate()
    page = CappedPaginator(selectors.obligation_list(request.user, state=state, today=today), PER_PAGE).get_page(
        request.GET.get("page")
    )
    labels = selectors.OBLIGATION_STATES
    for o in page.object_list:
        o.state_label = labels[o.state]
    context = {"page": page, "obligations": page.object_list, "state": state, "states": labels.items()}
    return render(request, "democracy/obligation_list.html", context)


def _dates(request) -> tuple[dt.date, dt.date] | None:
    """A dashboard's period (``tu`` and ``den``, YYYY-MM-DD: a half-year, a report period) instead of a year or a
    quarter; None when absent or not a range."""
    try:
        start = dt.date.fromisoformat(request.GET.get("tu", "")[:10])
        end = dt.date.fromisoformat(request.GET.get("den", "")[:10])
    except ValueError:
        return None
    return (start, end) if start <= end else None


def _period(request) -> tuple[int, int | None, dt.date, dt.date]:
    today = timezone.localdate()
    dates = _dates(request)
    if dates is not None:
        return dates[1].year, None, *dates
    try:
        year = int(request.GET.get("year") or today.year)
        quarter = int(request.GET["quarter"]) if request.GET.get("quarter") else None
    except ValueError:
        year, quarter = today.year, None
    year = min(max(year, 2023), today.year + 1)
    if quarter not in (1, 2, 3, 4):
        return year, None, dt.date(year, 1, 1), dt.date(year, 12, 31)
    start = dt.date(year, 3 * quarter - 2, 1)
    end = (dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)) - dt.timedelta(days=1)
    return year, quarter, start, end


@login_required
def compliance_page(request):
    """The roll-up: the nation by province for national users, a province by commune, a commune alone."""
    year, quarter, start, end = _period(request)
    code = request.GET.get("unit", "").strip()
    scope = scope_for(request.user)
    unit = unit_on(code, on=end) if code else None
    if unit is None and not (scope.national or is_national(request.user)):
        unit = _home_unit(request.user, end)
    if unit is not None and (unit.level == Level.DISTRICT or not scope.covers(unit)):
        raise PermissionDenied("Địa bàn này nằm ngoài phạm vi của bạn.")
    if unit is None and not scope.national:
        raise PermissionDenied("Chỉ cán bộ Trung ương xem số liệu toàn quốc.")
    report = compliance_mod.compliance(unit, start, end)
    context = {"c": report, "year": year, "quarter": quarter, "labels": compliance_mod.LABELS,
               "child_level": "province" if unit is None else "commune", "dates": _dates(request)}  # fmt: skip
    return render(request, "democracy/compliance.html", context)


def _home_unit(user, on: dt.date):
    org = Organization.objects.filter(pk__in=user_org_ids(user), unit__isnull=False).select_related("unit").first()
    if org is None or org.unit is None:
        return None
    return unit_on(org.unit.code, on=on) or org.unit


@login_required
def recommendation_list(request):
    state = request.GET.get("state", "")
    state = state if state in ("open", "answered", "closed", "overdue") else ""
    page = CappedPaginator(selectors.recommendation_list(request.user, state=state), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "democracy/recommendation_list.html",
        {"page": page, "recommendations": page.object_list, "state": state, "form": AnswerForm()},
    )


def _answer(request, rec):
    supervision.recommendation_answer(recommendation=rec, by=request.user, answer=request.POST.get("answer", ""))
    return "Đã ghi nội dung trả lời kiến nghị."


def _close(request, rec):
    supervision.recommendation_close(recommendation=rec, by=request.user, note=request.POST.get("note", ""))
    return "Đã kết thúc theo dõi kiến nghị."


@login_required
@require_POST
def recommendation_act(request, pk: int, action: str):
    rec = selectors.get_recommendation_for_user(request.user, pk)
    done = redirect("democracy:recommendations")
    return dispatch(request, rec, action, {"tra-loi": _answer, "ket-thuc": _close}, done=done)
