"""Coordination programmes over the generated bodies: in each province the Ban TG&DV, the provincial police and the
military command run a 2025–2029 programme with yearly plans (2025–2027), tasks for each party, sub-tasks for every
commune's Party committee, a joint inspection a year with results, findings and follow-ups, and the forces'
contributions in the communes. Deterministic for a seed; statuses follow the deadlines around ``END``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from datagen.base import END, Context, at, insert, keep_timestamps
from datagen.documents import GENERATED
from documents.models import Citation, Document
from orgs.models import Organization
from programmes.models import (
    ChecklistItem,
    Contribution,
    ContributionKind,
    Finding,
    Force,
    Inspection,
    InspectionMember,
    InspectionStatus,
    InspectionVisit,
    PartyRole,
    Programme,
    ProgrammeParty,
    Rating,
    Result,
    Task,
    TaskStatus,
    YearPlan,
)

YEARS = (2025, 2026, 2027)
REFERENCES = ("23-QĐ/TW", "25-NQ/TW")
TASKS_PER_PARTY = 20
CHECKLIST = (
    "Ban hành kế hoạch thực hiện chương trình phối hợp năm",
    "Tổ chức hội nghị sơ kết, tổng kết chương trình",
    "Xây dựng mô hình “Dân vận khéo” trong lực lượng vũ trang",
    "Phối hợp nắm tình hình nhân dân, giải quyết điểm nóng",
    "Tham gia xây dựng nông thôn mới, giúp dân phòng, chống thiên tai",
)
TOPICS = (
    "Tuyên truyền, vận động nhân dân chấp hành pháp luật",
    "Phối hợp nắm tình hình an ninh trật tự ở cơ sở",
    "Giúp nhân dân xây dựng đường giao thông nông thôn",
    "Xây dựng mô hình “Dân vận khéo”",
    "Vận động đồng bào dân tộc thiểu số, tôn giáo",
    "Hỗ trợ nhân dân phòng, chống thiên tai",
)
CONTRIBUTION_KINDS = ("workdays", "road_km", "houses", "medical", "gifts", "disaster_soldiers")


def _status(rng, deadline: dt.date) -> tuple[str, int, dt.date | None]:
    """(status, progress, completed_on) of a task as of ``END``."""
    if deadline < END:
        roll = rng.random()
        if roll < 0.8:
            done = deadline + dt.timedelta(days=rng.randint(-40, 12))
            return TaskStatus.DONE, 100, min(done, END)
        if roll < 0.85:
            return TaskStatus.CANCELLED, rng.choice((0, 20, 40)), None
        return TaskStatus.IN_PROGRESS, rng.choice((30, 50, 70, 90)), None
    if deadline.year == END.year and rng.random() < 0.5:
        return TaskStatus.IN_PROGRESS, rng.choice((10, 30, 50)), None
    return TaskStatus.NOT_STARTED, 0, None


def generate_programmes(ctx: Context) -> None:
    rng = ctx.rng
    if Programme.objects.filter(created_by__username__startswith="gen.").exists():
        ctx.log("  chương trình phối hợp: đã có")
        return
    bodies = Organization.objects.filter(tier="province", org_type__code__in=["ban-tgdv", "cong-an", "quan-su"])
    by_province: dict[int, dict[str, tuple[int, int]]] = {}
    for pk, code, unit_id, officer in bodies.filter(memberships__user__username__startswith="gen.").values_list(
        "pk", "org_type__code", "unit_id", "memberships__user_id"
    ):
        by_province.setdefault(unit_id, {})[code] = (pk, officer)
    communes: dict[int, list[tuple[int, int]]] = {}
    for pk, unit_id, province_id in Organization.objects.filter(
        tier="commune", org_type__code="dang-uy-xa"
    ).values_list("pk", "unit_id", "unit__province_id"):
        communes.setdefault(province_id, []).append((pk, unit_id))
    kinds = {k.code: k for k in ContributionKind.objects.filter(code__in=CONTRIBUTION_KINDS)}
    provinces = [pid for pid in sorted(by_province) if len(by_province[pid]) == 3]
    totals = {"tasks": 0, "inspections": 0, "contributions": 0}
    references = (*seeded_references(), ContentType.objects.get_for_model(Programme))
    with keep_timestamps(Task, Programme, YearPlan, Inspection, Contribution, Finding, Result, Citation):
        for province_id in provinces:
            bodies_here = by_province[province_id]
            n = _province(ctx, rng, province_id, bodies_here, communes.get(province_id, []), kinds, totals, references)
            totals["tasks"] += n
    ctx.log(
        f"  chương trình phối hợp: {len(provinces)} chương trình, {totals['tasks']} nhiệm vụ, "
        f"{totals['inspections']} đợt kiểm tra, {totals['contributions']} kết quả đóng góp"
    )


def seeded_references() -> tuple[list[int], str]:
    """The seeded documents of the library (``manage.py load_documents``) the programmes implement, and the references
    it lacks, kept as text as ``programmes.citations`` would. Generated documents may share a symbol: never them."""
    found = dict(
        Document.objects.filter(code__in=REFERENCES)
        .exclude(file_token=GENERATED)
        .order_by("pk")
        .values_list("code", "pk")
    )
    return [found[r] for r in REFERENCES if r in found], "; ".join(r for r in REFERENCES if r not in found)


def _province(ctx, rng, province_id, bodies, communes, kinds, totals, references) -> int:
    ban, ban_officer = bodies["ban-tgdv"]
    cited, unresolved, programme_type = references
    police, police_officer = bodies["cong-an"]
    military, military_officer = bodies["quan-su"]
    created = at(dt.date(2025, 1, 10), rng)
    programme = insert(Programme, [Programme(
        title="Chương trình phối hợp công tác dân vận giữa Ban Tuyên giáo và Dân vận Tỉnh ủy, Công an tỉnh và "
              "Bộ Chỉ huy Quân sự tỉnh giai đoạn 2025–2029",
        number=f"{rng.randint(1, 40):02d}-CTr/BTGDVTU-CA-QS", organization_id=ban, unit_id=province_id,
        start_year=2025, end_year=2029, goals="Nâng cao chất lượng công tác dân vận của lực lượng vũ trang.",
        unresolved_refs=unresolved, created_by_id=ban_officer, created_at=created, updated_at=created,
    )])[0]  # fmt: skip
    insert(Citation, [
        Citation(content_type=programme_type, object_id=programme.pk, document_id=pk, created_by_id=ban_officer,
                 created_at=created)
        for pk in cited
    ])  # fmt: skip
    insert(ProgrammeParty, [
        ProgrammeParty(programme=programme, organization_id=ban, role=PartyRole.LEAD),
        ProgrammeParty(programme=programme, organization_id=police, role=PartyRole.LEAD),
        ProgrammeParty(programme=programme, organization_id=military, role=PartyRole.MEMBER),
    ])  # fmt: skip
    plans = insert(YearPlan, [
        YearPlan(programme=programme, year=y, title=f"Kế hoạch thực hiện chương trình phối hợp năm {y}",
                 created_by_id=ban_officer, created_at=at(dt.date(y, 1, 15), rng))
        for y in YEARS
    ])  # fmt: skip
    count = 0
    parties = ((ban, ban_officer), (police, police_officer), (military, military_officer))
    for plan in plans:
        tasks = []
        for owner, officer in parties:
            for i in range(ctx.scaled(TASKS_PER_PARTY)):
                deadline = dt.date(plan.year, 1, 31) + dt.timedelta(days=rng.randint(0, 330))
                status, progress, done = _status(rng, deadline)
                tasks.append(Task(
                    programme=programme, plan=plan, title=f"{rng.choice(TOPICS)} ({i + 1})", owner_id=owner,
                    unit_id=province_id, province_id=province_id, level="province", deadline=deadline, status=status,
                    progress=progress, completed_on=done, cancel_reason="Điều chỉnh kế hoạch" if status == "cancelled"
                    else "", created_by_id=officer, created_at=at(dt.date(plan.year, 1, 20), rng),
                    updated_at=at(min(deadline, END), rng),
                ))  # fmt: skip
        tasks = insert(Task, tasks)
        count += len(tasks)
        coop = Task.cooperating.through
        insert(
            coop,
            [coop(task_id=t.pk, organization_id=o) for t in tasks if t.owner_id == ban for o in (police, military)],
        )
        # Two tasks a year go down to every commune: the police's and the military command's.
        for parent in (
            next(t for t in tasks if t.owner_id == police),
            next(t for t in tasks if t.owner_id == military),
        ):
            children = []
            for org, unit in communes:
                deadline = parent.deadline - dt.timedelta(days=rng.randint(0, 20))
                status, progress, done = _status(rng, deadline)
                children.append(Task(
                    programme=programme, plan=plan, parent=parent, title=f"Triển khai tại cơ sở: {parent.title}",
                    owner_id=org, unit_id=unit, province_id=province_id, level="commune", deadline=deadline,
                    status=status, progress=progress, completed_on=done, created_by_id=parent.created_by_id,
                    created_at=parent.created_at, updated_at=parent.updated_at,
                ))  # fmt: skip
            children = insert(Task, children)
            count += len(children)
            live = [c for c in children if c.status != TaskStatus.CANCELLED]
            mean = round(sum(100 if c.status == "done" else c.progress for c in live) / len(live)) if live else 0
            Task.objects.filter(pk=parent.pk).update(progress=mean)
        count += _inspection(rng, programme, plan.year, parties, communes, province_id, totals)
    _contributions(rng, province_id, ((police, police_officer), (military, military_officer)), communes, kinds, totals)
    return count


def _inspection(rng, programme, year, parties, communes, province_id, totals) -> int:
    (ban, ban_officer), (police, _), (military, _) = parties
    items = list(ChecklistItem.objects.filter(programme=programme)) or insert(
        ChecklistItem, [ChecklistItem(programme=programme, text=t, ordering=n) for n, t in enumerate(CHECKLIST)]
    )
    start = dt.date(year, rng.randint(3, 9), rng.randint(1, 20))
    status = InspectionStatus.CONCLUDED if start < END - dt.timedelta(days=20) else InspectionStatus.PLANNED
    inspection = insert(Inspection, [Inspection(
        programme=programme, title=f"Kiểm tra liên ngành thực hiện chương trình phối hợp năm {year}",
        organization_id=ban, unit_id=province_id, date_from=start, date_to=start + dt.timedelta(days=5),
        status=status, conclusion="Cơ bản hoàn thành các nội dung của chương trình." if status == "concluded" else "",
        concluded_on=start + dt.timedelta(days=15) if status == "concluded" else None, created_by_id=ban_officer,
        created_at=at(start - dt.timedelta(days=20), rng), updated_at=at(start, rng),
    )])[0]  # fmt: skip
    inspection.items.set(items)
    insert(InspectionMember, [
        InspectionMember(inspection=inspection, name=f"Thành viên {n + 1}", position="Thành viên", organization_id=o)
        for n, (o, _officer) in enumerate(parties)
    ])  # fmt: skip
    visited = rng.sample(communes, min(3, len(communes)))
    visits = insert(InspectionVisit, [
        InspectionVisit(inspection=inspection, unit_id=unit, organization_id=org, visit_date=start)
        for org, unit in visited
    ])  # fmt: skip
    totals["inspections"] += 1
    if status != InspectionStatus.CONCLUDED:
        return 0
    insert(Result, [
        Result(visit=v, item=i, rating=rng.choice(Rating.values), recorded_by_id=ban_officer,
               recorded_at=at(start, rng))
        for v in visits for i in items
    ])  # fmt: skip
    findings = insert(Finding, [
        Finding(inspection=inspection, visit=v, text="Chưa cụ thể hóa chương trình vào kế hoạch của cơ sở",
                created_by_id=ban_officer, created_at=at(start, rng))
        for v in visits[:2]
    ])  # fmt: skip
    followups = []
    for finding in findings:
        for owner in (ban, police, military):
            deadline = start + dt.timedelta(days=rng.randint(30, 120))
            status_, progress, done = _status(rng, deadline)
            followups.append(Task(
                programme=programme, finding=finding, title="Khắc phục tồn tại sau kiểm tra", owner_id=owner,
                unit_id=province_id, province_id=province_id, level="province", deadline=deadline, status=status_,
                progress=progress, completed_on=done, created_by_id=ban_officer, created_at=finding.created_at,
                updated_at=finding.created_at,
            ))  # fmt: skip
    return len(insert(Task, followups))


def _contributions(rng, province_id, forces, communes, kinds, totals) -> None:
    rows = []
    for (org, officer), force in zip(forces, (Force.POLICE, Force.MILITARY), strict=True):
        for half_start in (dt.date(2025, 1, 1), dt.date(2025, 7, 1), dt.date(2026, 1, 1), dt.date(2026, 7, 1)):
            for kind in kinds.values():
                for _ in range(3):
                    _org, place = rng.choice(communes) if communes else (None, province_id)
                    day = half_start + dt.timedelta(days=rng.randint(10, 150))
                    if day > END:
                        continue
                    quantity = Decimal(rng.randint(1, 400)) / (100 if kind.decimals else 1)
                    value = rng.randint(10, 200) * 1_000_000 if kind.has_value else 0
                    rows.append(Contribution(
                        kind=kind, organization_id=org, force=force, unit_id=province_id, province_id=province_id,
                        place_id=place, place_province_id=province_id, date_from=day - dt.timedelta(days=3),
                        date_to=day, quantity=max(quantity, Decimal("0.01")), value_vnd=value,
                        created_by_id=officer, created_at=at(day, rng),
                    ))  # fmt: skip
    totals["contributions"] += len(insert(Contribution, rows))
