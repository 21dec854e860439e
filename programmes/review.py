"""Word documents of programmes, in the Party/State layouts the reports module writes (reports.docx_render):
the draft yearly review "báo cáo tổng kết chương trình phối hợp" from the tasks, inspections and contributions,
and an inspection's conclusion. Drafts: the figures are computed, the assessment is the officers' to write."""

from __future__ import annotations

from types import SimpleNamespace

from django.db.models import Count, Q
from django.utils import timezone

from programmes.models import (
    Contribution,
    ContributionKind,
    Finding,
    Force,
    Inspection,
    Programme,
    Rating,
    Result,
    Task,
)
from programmes.selectors import contribution_rollup, task_rates
from reports.document import header_lines
from reports.docx_content import Column, IndicatorTable, ReportDocument, Section, Signer
from reports.docx_render import render_docx

DRAFT_NOTE = "(Dự thảo do DanVan tổng hợp từ số liệu; cơ quan thường trực bổ sung đánh giá trước khi ban hành.)"


def _header(organization) -> tuple[str, str, str, str]:
    if organization.unit is None:  # a central body: the Party layout of the Central Committee's boards
        return "BAN CHẤP HÀNH TRUNG ƯƠNG", organization.name.upper(), "BC/BTGDVTW", "party"
    return header_lines(SimpleNamespace(organization=organization, unit=organization.unit))  # type: ignore[arg-type]


def _rates_table(caption: str, rows) -> IndicatorTable:
    return IndicatorTable(
        caption=caption,
        header=[
            Column("TT", kind="text", width_mm=10, align="center"),
            Column("Cơ quan chủ trì", kind="text"),
            Column("Số nhiệm vụ", kind="number"),
            Column("Hoàn thành", kind="number"),
            Column("Đúng hạn", kind="number"),
            Column("Quá hạn", kind="number"),
            Column("Tỷ lệ hoàn thành (%)", kind="percent", decimals=1),
        ],
        rows=[
            [str(n), r.label, r.total, r.done, r.on_time, r.overdue, r.completion_rate]
            for n, r in enumerate(rows, start=1)
        ],
    )


def _contribution_table(qs) -> IndicatorTable | None:
    kinds = {k.pk: k for k in ContributionKind.objects.all()}
    by_kind: dict[int, dict[str, object]] = {}
    for row in contribution_rollup(qs, by="force"):
        by_kind.setdefault(row.kind_id, {})[row.key] = row.quantity
    if not by_kind:
        return None
    forces = list(Force)
    rows = []
    for n, (kind_id, parts) in enumerate(sorted(by_kind.items(), key=lambda kv: kinds[kv[0]].ordering), start=1):
        kind = kinds[kind_id]
        rows.append(
            [str(n), kind.name, kind.unit, *[parts.get(f.value) for f in forces], sum(v for v in parts.values() if v)]
        )
    return IndicatorTable(
        caption="Bảng 2. Kết quả tham gia, đóng góp của các lực lượng",
        header=[
            Column("TT", kind="text", width_mm=10, align="center"),
            Column("Chỉ tiêu", kind="text"),
            Column("Đơn vị tính", kind="text", width_mm=20),
            *[Column(str(f.label), kind="number", total=False) for f in forces],
            Column("Cộng", kind="number", total=False),
        ],
        rows=rows,
        total_label=None,  # figures in different units have no total
    )


def programme_review(programme: Programme, year: int) -> ReportDocument:
    """The draft yearly review of ``programme`` for ``year``."""
    tasks = Task.objects.filter(programme=programme, deadline__year=year, parent__isnull=True)
    all_tasks = Task.objects.filter(programme=programme, deadline__year=year)
    by_party = task_rates(tasks, group="party")
    by_level = task_rates(all_tasks, group="level")
    total = sum(r.total for r in by_party)
    done = sum(r.done for r in by_party)
    on_time = sum(r.on_time for r in by_party)
    inspections = Inspection.objects.filter(programme=programme, date_from__year=year).aggregate(
        n=Count("id"), concluded=Count("id", filter=Q(status="concluded"))
    )
    findings = Finding.objects.filter(inspection__programme=programme, inspection__date_from__year=year).count()
    followups = all_tasks.filter(finding__isnull=False).aggregate(
        n=Count("id"), done=Count("id", filter=Q(status="done"))
    )
    contributions = Contribution.objects.filter(programme=programme, date_to__year=year)
    results: list = [
        f"Năm {year}, các bên triển khai {total} nhiệm vụ chủ yếu theo kế hoạch; đã hoàn thành {done} nhiệm vụ"
        f" ({on_time} nhiệm vụ đúng hạn).",
        _rates_table("Bảng 1. Kết quả thực hiện nhiệm vụ theo cơ quan chủ trì", by_party),
        "Theo cấp: " + "; ".join(f"{r.label.lower()} {r.done}/{r.total} nhiệm vụ hoàn thành" for r in by_level) + "."
        if by_level
        else "Chưa có nhiệm vụ theo cấp.",
    ]
    table = _contribution_table(contributions)
    if table is not None:
        results.append(table)
    results.append(
        f"Tổ chức {inspections['n']} đợt kiểm tra liên ngành ({inspections['concluded']} đợt đã kết luận),"
        f" nêu {findings}"
        f" phát hiện; {followups['done']}/{followups['n']} nhiệm vụ khắc phục sau kiểm tra đã hoàn thành."
    )
    parent, issuer, symbol, fmt = _header(programme.organization)
    parties = ", ".join(p.organization.name for p in programme.parties.select_related("organization"))
    return ReportDocument(
        format=fmt,  # type: ignore[arg-type]
        issuer_parent=parent,
        issuer=issuer,
        number="   ",
        symbol=symbol,
        place=(programme.unit.short_name or programme.unit.name) if programme.unit else "Hà Nội",
        date=timezone.localdate(),
        subtitle=f"Tổng kết {year} thực hiện {programme.title}",
        intro=[
            f"Thực hiện {programme.get_kind_display().lower()} {programme.number or ''} giữa {parties}"
            f" (giai đoạn {programme.period_label}), {programme.organization.name} báo cáo tổng kết năm {year}"
            " như sau:",
            DRAFT_NOTE,
        ],
        sections=[
            Section(
                "Kết quả thực hiện",
                subsections=[
                    Section("Kết quả thực hiện nhiệm vụ, kiểm tra và đóng góp của các lực lượng", body=results),
                    Section("Đánh giá chung: ưu điểm, hạn chế, nguyên nhân", body=["(Cơ quan thường trực bổ sung)"]),
                ],
            ),
            Section("Phương hướng, nhiệm vụ năm tới", subsections=[Section("Nhiệm vụ trọng tâm", body=["(Bổ sung)"])]),
        ],
        signer=Signer(position="TRƯỞNG BAN" if fmt == "party" else "THỦ TRƯỞNG CƠ QUAN", name=""),
        recipients=[f"{p.organization.name} (p/h)" for p in programme.parties.select_related("organization")],
    )


def programme_review_docx(programme: Programme, year: int) -> bytes:
    return render_docx(programme_review(programme, year))


def inspection_conclusion(inspection: Inspection) -> ReportDocument:
    """The conclusion document: team, units, results by unit, findings and their follow-up tasks, conclusion."""
    members = [f"{m.name} — {m.position or 'thành viên'}, {m.organization.name}" for m in inspection.members.all()]
    tally = (
        Result.objects.filter(visit__inspection=inspection)
        .values("visit__unit__name")
        .annotate(
            met=Count("id", filter=Q(rating=Rating.MET)),
            partly=Count("id", filter=Q(rating=Rating.PARTLY)),
            not_met=Count("id", filter=Q(rating=Rating.NOT_MET)),
        )
        .order_by("visit__unit__name")
    )
    results = IndicatorTable(
        caption="Bảng 1. Kết quả kiểm tra theo địa bàn",
        header=[
            Column("TT", kind="text", width_mm=10, align="center"),
            Column("Địa bàn", kind="text"),
            Column("Đạt", kind="number"),
            Column("Đạt một phần", kind="number"),
            Column("Chưa đạt", kind="number"),
        ],
        rows=[[str(n), r["visit__unit__name"], r["met"], r["partly"], r["not_met"]] for n, r in enumerate(tally, 1)],
    )
    findings: list = []
    for n, finding in enumerate(inspection.findings.prefetch_related("tasks__owner"), start=1):
        findings.append(
            f"{n}. {finding.text}" + (f" Kiến nghị: {finding.recommendation}" if finding.recommendation else "")
        )
        for task in finding.tasks.all():
            findings.append(
                f"- {task.owner.name}: {task.title}, hạn {task.deadline:%d/%m/%Y} ({task.get_status_display()})."
            )
    parent, issuer, symbol, fmt = _header(inspection.organization)
    unit = inspection.unit
    return ReportDocument(
        format=fmt,  # type: ignore[arg-type]
        issuer_parent=parent,
        issuer=issuer,
        number="   ",
        symbol=symbol.replace("BC", "TB", 1),
        place=(unit.short_name or unit.name) if unit else "Hà Nội",
        date=inspection.concluded_on or timezone.localdate(),
        title="THÔNG BÁO",
        subtitle=f"Kết luận của đoàn kiểm tra liên ngành: {inspection.title}",
        intro=[
            f"Từ ngày {inspection.date_from:%d/%m/%Y} đến ngày {inspection.date_to:%d/%m/%Y}, đoàn kiểm tra liên ngành"
            f" do {inspection.organization.name} chủ trì đã kiểm tra tại {inspection.visits.count()} địa bàn."
        ],
        sections=[
            Section("Thành phần đoàn kiểm tra", body=members or ["(Chưa có)"]),
            Section("Kết quả kiểm tra", body=[results]),
            Section("Những tồn tại, hạn chế và việc cần khắc phục", body=findings or ["Không có."]),
            Section("Kết luận", body=[inspection.conclusion or "(Chưa kết luận)"]),
        ],
        parts=False,
        signer=Signer(position="TRƯỞNG ĐOÀN KIỂM TRA", name=""),
        recipients=[inspection.organization.name]
        + [v.organization.name for v in inspection.visits.all() if v.organization],
    )


def inspection_conclusion_docx(inspection: Inspection) -> bytes:
    return render_docx(inspection_conclusion(inspection))
