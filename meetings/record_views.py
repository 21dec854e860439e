"""The page that records a dialogue after the fact (meetings.dialogue_records): the dialogue, its minutes, the
questions asked with their answers, and the commitments made — in one form, one transaction."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render

from geo.selectors import unit_on
from lib.errors import ServiceError
from meetings import dialogue_records, reception
from meetings.forms import CommitmentRows, QuestionRows, RecordForm
from orgs.models import Organization


def _owners(organizations: list[Organization]) -> list[Organization]:
    """Who may owe a commitment: the organising bodies and the bodies directly under them (a province's Ban and its
    communes' bodies), at most a few hundred."""
    ids = [o.pk for o in organizations]
    return list(
        Organization.objects.filter(Q(pk__in=ids) | Q(parent_id__in=ids), is_active=True)
        .only("id", "name")
        .order_by("tier", "sort_key", "id")[:1000]
    )


@login_required
def dialogue_record(request):
    organizations = list(reception.managed_organizations(request.user))
    if not organizations:
        messages.error(request, "Bạn không thuộc cơ quan nào tổ chức đối thoại.")
        return redirect("meetings:dialogues")
    owners = _owners(organizations)
    data = request.POST if request.method == "POST" else None
    form = RecordForm(data, organizations=organizations)
    questions = QuestionRows(data, prefix="cau-hoi")
    commitments = CommitmentRows(data, prefix="cam-ket", form_kwargs={"owners": owners})
    if data is not None and form.is_valid() and questions.is_valid() and commitments.is_valid():
        values = form.cleaned_data
        unit = None
        if values["unit"]:
            unit = unit_on(values["unit"], exclude_districts=True)
            if unit is None:
                form.add_error("unit", "Mã đơn vị hành chính không có trong danh mục hiện hành.")
        if not form.errors:
            try:
                dialogue = dialogue_records.dialogue_record(
                    by=request.user,
                    organization=values["organization"],
                    title=values["title"],
                    description=values["description"],
                    topic=values["topic"],
                    unit=unit,
                    starts_at=values["starts_at"],
                    place=values["place"],
                    minutes=values["minutes"],
                    participants=values["participants"],
                    questions=[
                        dialogue_records.QuestionRecord(row["text"], row.get("answer", ""), row.get("answered_by", ""))
                        for row in questions.cleaned_data
                        if row
                    ],
                    commitments=[
                        dialogue_records.CommitmentRecord(row["text"], row["owner"], row["deadline"])
                        for row in commitments.cleaned_data
                        if row
                    ],
                )
            except ServiceError as e:
                form.add_error(None, e.message)
            else:
                messages.success(request, "Đã ghi nhận hội nghị đối thoại đã diễn ra.")
                return redirect("meetings:dialogue", pk=dialogue.pk)
    context = {"form": form, "questions": questions, "commitments": commitments}
    return render(request, "meetings/dialogues/record.html", context)
