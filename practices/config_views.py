"""Pages of the bodies that appraise: their rubrics (create, revise into a new version, retire), and the national
titles and programmes practices are tagged with."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lib.errors import ServiceError
from lib.paging import CappedPaginator
from orgs.models import Organization
from orgs.permissions import acts_for, is_national
from practices import rubrics
from practices.models import Kind, Label, LabelKind, RubricPurpose
from practices.selectors import get_practice_for_user

CRITERIA_HELP = "Mỗi dòng một tiêu chí: nội dung | điểm tối đa (ví dụ: Hiệu quả kinh tế – xã hội | 30)"


def parse_criteria(text: str) -> list[tuple[str, Decimal]]:
    out = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        description, sep, score = line.rpartition("|")
        try:
            max_score = Decimal(score.strip().replace(",", "."))
        except InvalidOperation:
            max_score = None
        if not sep or not description.strip() or max_score is None or not max_score.is_finite():
            raise forms.ValidationError(f"Dòng {n}: cần “nội dung | điểm tối đa”.")
        if max_score > 1000:
            raise forms.ValidationError(f"Dòng {n}: điểm tối đa quá lớn.")
        out.append((description.strip()[:2000], max_score))
    if len(out) > 100:
        raise forms.ValidationError("Tối đa 100 tiêu chí.")
    return out


def criteria_text(rubric) -> str:
    return "\n".join(f"{c.description} | {c.max_score.normalize():f}" for c in rubric.criteria.all())


class RubricForm(forms.Form):
    owner = forms.ModelChoiceField(label="Cơ quan ban hành", queryset=Organization.objects.none())
    name = forms.CharField(label="Tên bộ tiêu chí", max_length=300)
    purpose = forms.ChoiceField(label="Dùng để", choices=[("", "Mọi việc chấm điểm")] + RubricPurpose.choices,
                                required=False)  # fmt: skip
    kind = forms.ChoiceField(label="Áp dụng cho", choices=[("", "Mô hình và điển hình")] + Kind.choices,
                             required=False)  # fmt: skip
    pass_mark = forms.DecimalField(label="Điểm đạt", min_value=0, max_digits=6, decimal_places=2)
    year_from = forms.IntegerField(label="Áp dụng từ năm", min_value=2000, max_value=2100, required=False)
    year_to = forms.IntegerField(label="Áp dụng đến năm", min_value=2000, max_value=2100, required=False)
    criteria = forms.CharField(label="Các tiêu chí", widget=forms.Textarea(attrs={"rows": 6}), help_text=CRITERIA_HELP)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        owners = rubrics.rubric_owner_choices(user)
        self.fields["owner"].queryset = Organization.objects.filter(pk__in=[o.pk for o in owners]).order_by("sort_key")
        self.fields["owner"].error_messages["invalid_choice"] = "Cơ quan không hợp lệ."

    def clean_criteria(self):
        return parse_criteria(self.cleaned_data["criteria"])


class ReviseForm(forms.Form):
    name = forms.CharField(label="Tên bộ tiêu chí", max_length=300)
    pass_mark = forms.DecimalField(label="Điểm đạt", min_value=0, max_digits=6, decimal_places=2)
    year_from = forms.IntegerField(label="Phiên bản mới áp dụng từ năm", min_value=2000, max_value=2100)
    criteria = forms.CharField(label="Các tiêu chí", widget=forms.Textarea(attrs={"rows": 6}), help_text=CRITERIA_HELP)

    def clean_criteria(self):
        return parse_criteria(self.cleaned_data["criteria"])


@login_required
def rubric_list(request):
    qs = rubrics.rubrics_visible_to(request.user).order_by("owner__sort_key", "name", "-version")
    page = CappedPaginator(qs, 50).get_page(request.GET.get("page"))
    form = RubricForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                rubric = rubrics.rubric_create(by=request.user, **data)
            except ServiceError as e:
                form.add_error(None, e.message)
                status = e.status_code
            else:
                messages.success(request, f"Đã ban hành bộ tiêu chí “{rubric.name}”.")
                return redirect("practices:rubric", pk=rubric.pk)
    context = {"page": page, "form": form, "may_create": bool(form.fields["owner"].queryset.exists())}
    return render(request, "practices/rubrics/list.html", context, status=status)


@login_required
def rubric_detail(request, pk: int):
    rubric = rubrics.get_rubric_for_user(request.user, pk)
    may_edit = rubric.is_active and acts_for(request.user, rubric.owner)
    form = ReviseForm(
        request.POST or None,
        initial={
            "name": rubric.name,
            "pass_mark": rubric.pass_mark,
            "year_from": (rubric.year_from or 2025) + 1,
            "criteria": criteria_text(rubric),
        },
    )
    status = 200
    if request.method == "POST":
        if not may_edit:
            raise Http404("Bạn không sửa được bộ tiêu chí này.")
        status = 400
        if form.is_valid():
            try:
                new = rubrics.rubric_revise(rubric=rubric, by=request.user, **form.cleaned_data)
            except ServiceError as e:
                form.add_error(None, e.message)
                status = e.status_code
            else:
                messages.success(request, f"Đã ban hành phiên bản {new.version}, áp dụng từ năm {new.year_from}.")
                return redirect("practices:rubric", pk=new.pk)
    context = {"rubric": rubric, "form": form, "may_edit": may_edit, "criteria": list(rubric.criteria.all())}
    return render(request, "practices/rubrics/detail.html", context, status=status)


@login_required
@require_POST
def rubric_retire(request, pk: int):
    rubric = rubrics.get_rubric_for_user(request.user, pk)
    try:
        rubrics.rubric_retire(rubric=rubric, by=request.user)
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, "Đã ngừng sử dụng bộ tiêu chí; các lần chấm đã có giữ nguyên.")
    return redirect("practices:rubric", pk=pk)


# ----------------------------------------------------------------------------------------------- labels


class LabelForm(forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=LabelKind.choices)
    code = forms.SlugField(label="Mã", max_length=60, error_messages={"invalid": "Mã chỉ gồm chữ thường không dấu, "
                                                                                 "số và gạch ngang."})  # fmt: skip
    name = forms.CharField(label="Tên", max_length=300)


@login_required
def label_list(request):
    may_edit = is_national(request.user)
    form = LabelForm(request.POST or None) if may_edit else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise Http404("Bạn không quản lý danh hiệu, chương trình.")
        status = 400
        action, raw = request.POST.get("action", ""), request.POST.get("label", "")
        if action in ("retire", "restore"):
            label = Label.objects.filter(pk=int(raw) if raw.isdigit() else 0).first()
            if label is None:
                raise Http404("Không có danh hiệu, chương trình này.")
            try:
                rubrics.label_set_active(label=label, by=request.user, active=action == "restore")
            except ServiceError as e:
                messages.error(request, e.message)
            return redirect("practices:labels")
        if form.is_valid():
            try:
                rubrics.label_create(by=request.user, **form.cleaned_data)
            except ServiceError as e:
                form.add_error(None, e.message)
            else:
                messages.success(request, "Đã thêm.")
                return redirect("practices:labels")
    labels = Label.objects.order_by("kind", "ordering", "id")
    return render(request, "practices/rubrics/labels.html", {"labels": labels, "form": form}, status=status)


@login_required
@require_POST
def practice_labels(request, pk: int):
    practice = get_practice_for_user(request.user, pk)
    ids = [int(v) for v in request.POST.getlist("labels") if v.isdigit()]
    try:
        rubrics.practice_set_labels(practice=practice, by=request.user, labels=list(Label.objects.filter(pk__in=ids)))
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, "Đã cập nhật danh hiệu, chương trình của mô hình.")
    return redirect("practices:detail", pk=pk)
