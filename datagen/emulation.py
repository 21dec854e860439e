"""Contests, yearly assessments and the notifications page's rows, so that the emulation and notification pages
are measured over a national year's worth of rows rather than empty tables (issue 19).

Shapes, at scale 1.0:
- every province's Ban Tuyên giáo và Dân vận runs two "Dân vận khéo" contests a year (2024-2026): one round judged
  against its criteria set, entries from its communes' organisations (some with their recognised practice), three
  judges (the province appraiser and two commune officers); contests of past years are closed with three awards,
  this year's are judging (scores in) or open;
- every commune's Ủy ban nhân dân is assessed each year 2023-2025 by its province appraiser, one score a criterion;
- every generated officer has a history of notifications (case assigned, report returned, daily digest), the older
  ones read.

Runs after the organisations and practices (it reads them from the database, so ``generate`` may run it alone on a
dataset made before it existed); a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from datagen.base import TZ, Context, chunks, copy_rows, insert, keep_timestamps, next_id, reset_sequence, stamp
from datagen.orgs import World
from emulation.models import (
    Assessment,
    AssessmentScore,
    Award,
    Contest,
    ContestStatus,
    Entry,
    EntryKind,
    EntryScore,
    Grade,
    Round,
)
from notifications.models import Delivery, Kind, Notification
from orgs.models import Organization
from practices.models import CriteriaSet, Practice
from practices.models import Status as PracticeStatus

CONTEST_YEARS = (2024, 2025, 2026)
ASSESSMENT_YEARS = (2023, 2024, 2025)
CONTEST_NAMES = (
    "Hội thi “Dân vận khéo” năm {year} — {province}",
    "Hội thi tuyên truyền viên giỏi công tác dân vận năm {year} — {province}",
)
ENTRIES_PER_CONTEST = 30
NOTIFICATIONS_PER_OFFICER = 24
AWARDS = ("Giải Nhất", "Giải Nhì", "Giải Ba")
GRADE_BANDS = ((Grade.EXCELLENT, 90), (Grade.GOOD, 80), (Grade.FAIR, 65), (Grade.AVERAGE, 50))


def generate_emulation(ctx: Context, world: World) -> None:
    if Contest.objects.filter(organizer__memberships__user__username__startswith="gen.").exists():
        ctx.log("  hội thi, đánh giá: đã có, bỏ qua")
    else:
        sets = {
            cs.owner_id: (cs, list(cs.criteria.order_by("order")))
            for cs in CriteriaSet.objects.filter(owner_id__in=[o.id for o in world.province_orgs.values()])
        }
        _contests(ctx, world, sets)
        _assessments(ctx, world, sets)
    if Notification.objects.filter(dedupe_key__startswith="gen:").exists():
        ctx.log("  thông báo: đã có, bỏ qua")
    else:
        _notifications(ctx, world)


def _contests(ctx: Context, world: World, sets) -> None:
    rng = ctx.rng
    communes_of: dict[int, list] = {}
    for org in world.commune_orgs:
        communes_of.setdefault(org.province_id, []).append(org)
    recognised: dict[int, list[tuple[int, str]]] = {}
    for pk, org_id, name in Practice.objects.filter(
        status__in=(PracticeStatus.RECOGNISED, PracticeStatus.COMMENDED), created_by__username__startswith="gen."
    ).values_list("pk", "organization_id", "name")[: ctx.scaled(200_000)]:
        recognised.setdefault(org_id, []).append((pk, name))
    names = {p.pk: p.name for p in world.provinces}
    score_rows, award_rows = [], []
    score_id = next_id(EntryScore)
    contests = made = 0
    for province_id, ban in sorted(world.province_orgs.items()):
        if ban.id not in sets:
            continue
        criteria_set, criteria = sets[ban.id]
        communes = communes_of.get(province_id, [])
        if not communes:
            continue
        for year in CONTEST_YEARS:
            for pattern in CONTEST_NAMES:
                status = (
                    ContestStatus.CLOSED
                    if year < CONTEST_YEARS[-1]
                    else rng.choice((ContestStatus.OPEN, ContestStatus.JUDGING))
                )
                created = dt.datetime(year, rng.randint(2, 5), rng.randint(1, 28), 9, 0, tzinfo=TZ)
                with keep_timestamps(Contest):
                    contest = Contest.objects.create(
                        name=pattern.format(year=year, province=names.get(province_id, ""))[:300],
                        organizer_id=ban.id,
                        year=year,
                        status=status,
                        created_at=created,
                    )
                judges = [ban.officer_id, *(o.officer_id for o in rng.sample(communes, min(2, len(communes))))]
                contest.judges.set(judges)
                round_ = Round.objects.create(
                    contest=contest,
                    order=1,
                    name="Vòng chung khảo",
                    criteria_set=criteria_set,
                    held_on=created.date() + dt.timedelta(days=90),
                )
                contests += 1
                taking = rng.sample(communes, min(len(communes), ctx.scaled(ENTRIES_PER_CONTEST, 3)))
                entries = []
                for org in taking:
                    practice = rng.choice(recognised[org.id]) if recognised.get(org.id) and rng.random() < 0.5 else None
                    if practice:
                        entries.append(
                            Entry(
                                contest=contest,
                                kind=EntryKind.PRACTICE,
                                name=practice[1][:300],
                                organization_id=org.id,
                                practice_id=practice[0],
                            )
                        )
                    else:
                        kind = rng.choice((EntryKind.TEAM, EntryKind.INDIVIDUAL))
                        label = "Đội thi" if kind == EntryKind.TEAM else "Thí sinh"
                        name = f"{label} số {len(entries) + 1}"
                        entries.append(Entry(contest=contest, kind=kind, name=name, organization_id=org.id))
                entries = insert(Entry, entries)
                made += len(entries)
                if status == ContestStatus.OPEN:
                    continue
                totals = []
                for entry in entries:
                    total = Decimal(0)
                    for criterion in criteria:
                        for judge in judges:
                            score = Decimal(rng.randint(int(criterion.max_score) // 2, int(criterion.max_score)))
                            total += score
                            score_rows.append((score_id, entry.pk, round_.pk, criterion.pk, judge, score))
                            score_id += 1
                    totals.append((total, entry.pk))
                if status == ContestStatus.CLOSED:
                    ranked = sorted(totals, reverse=True)
                    for rank, (title, (_total, entry_id)) in enumerate(zip(AWARDS, ranked, strict=False), start=1):
                        award_rows.append(Award(contest=contest, entry_id=entry_id, title=title, rank=rank))
    columns = ["id", "entry_id", "round_id", "criterion_id", "judge_id", "score"]
    for batch in chunks(score_rows):
        copy_rows(EntryScore, columns, batch)
    reset_sequence(EntryScore)
    for batch in chunks(award_rows):
        insert(Award, batch)
    ctx.log(f"  hội thi: {contests:,} hội thi, {made:,} bài dự thi, {len(score_rows):,} điểm chấm")


def _assessments(ctx: Context, world: World, sets) -> None:
    rng = ctx.rng
    vendor = connection.vendor
    state_bodies = Organization.objects.filter(
        pk__in=[o.id for o in world.commune_orgs], org_type__code="ubnd"
    ).values_list("pk", "unit__province_id")
    assessment_id, score_id = next_id(Assessment), next_id(AssessmentScore)
    rows, score_rows = [], []
    for org_id, province_id in state_bodies.order_by("pk"):
        ban = world.province_orgs.get(province_id)
        if ban is None or ban.id not in sets:
            continue
        criteria_set, criteria = sets[ban.id]
        maximum = sum(c.max_score for c in criteria) or Decimal(1)
        for year in ASSESSMENT_YEARS:
            total = Decimal(0)
            for criterion in criteria:
                score = Decimal(rng.randint(int(criterion.max_score) * 4 // 10, int(criterion.max_score)))
                total += score
                score_rows.append((score_id, assessment_id, criterion.pk, score, ""))
                score_id += 1
            percent = total * 100 / maximum
            grade = next((g for g, floor in GRADE_BANDS if percent >= floor), Grade.WEAK)
            created = stamp(dt.datetime(year, 12, rng.randint(1, 28), 10, 0, tzinfo=TZ), vendor)
            rows.append((assessment_id, org_id, year, criteria_set.pk, ban.officer_id, total, grade, "", created))
            assessment_id += 1
    columns = ["id", "organization_id", "year", "criteria_set_id", "assessor_id", "total", "grade", "note"]
    for batch in chunks(rows):
        copy_rows(Assessment, [*columns, "created_at"], batch, convert=False)
    for batch in chunks(score_rows):
        copy_rows(AssessmentScore, ["id", "assessment_id", "criterion_id", "score", "comment"], batch)
    reset_sequence(Assessment)
    reset_sequence(AssessmentScore)
    ctx.log(f"  đánh giá năm: {len(rows):,} bản đánh giá, {len(score_rows):,} điểm")


def _notifications(ctx: Context, world: World) -> None:
    rng = ctx.rng
    vendor = connection.vendor
    officers = sorted({o.officer_id for o in world.commune_orgs} | {o.officer_id for o in world.province_orgs.values()})
    today = timezone.localdate()
    next_pk = next_id(Notification)
    columns = [
        "id", "recipient_id", "kind", "subject", "body", "url", "dedupe_key", "created_at", "read_at", "delivery",
        "sent_at", "attempts", "last_error", "next_attempt_at", "claim",
    ]  # fmt: skip
    made = 0

    def rows():
        nonlocal next_pk, made
        for user_id in officers:
            count = rng.randint(NOTIFICATIONS_PER_OFFICER // 2, NOTIFICATIONS_PER_OFFICER * 3 // 2)
            for i in range(count):
                days_ago = rng.randint(0, 180)
                moment = dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(7, rng.randint(0, 59)), TZ)
                kind = rng.choices((Kind.DIGEST, Kind.CASE_ASSIGNED, Kind.REPORT_RETURNED), weights=(6, 3, 1))[0]
                if kind == Kind.DIGEST:
                    subject = f"Tóm tắt công việc ngày {moment:%d/%m/%Y}"
                    body, url = "Các việc đang chờ đồng chí xử lý.", "/"
                elif kind == Kind.CASE_ASSIGNED:
                    subject, body, url = "Có ý kiến mới được giao", "Một ý kiến, kiến nghị được giao.", "/y-kien/"
                else:
                    subject, body, url = "Báo cáo bị trả lại", "Báo cáo cần bổ sung trước khi duyệt.", "/bao-cao/"
                sent = stamp(moment, vendor)
                read = stamp(moment + dt.timedelta(hours=3), vendor) if days_ago > 3 or rng.random() < 0.3 else None
                yield (
                    next_pk, user_id, kind, subject, body, url, f"gen:{user_id}:{i}", sent, read, Delivery.SENT,
                    sent, 1, "", sent, "",
                )  # fmt: skip
                next_pk += 1
                made += 1

    for batch in chunks(rows()):
        copy_rows(Notification, columns, batch, convert=False)
    reset_sequence(Notification)
    ctx.log(f"  thông báo: {made:,} thông báo cho {len(officers):,} cán bộ")
