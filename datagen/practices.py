"""408,000 practices (at scale 1.0) over 2021–2026 in every state, with scores, commendations and adoptions.

Generated month by month in time order, so an adoption always follows its source and the
state mix follows age: last month's practices are mostly drafts and registrations, those of
2021 mostly recognised, commended or replicated. Rows registered before 1/7/2025 point at
the commune that existed then (a predecessor of today's), as real data would.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from datagen import vocabulary as V
from datagen.base import END, Context, at, bulk_load, insert, keep_timestamps, weighted
from datagen.orgs import World
from geo.models import REFORM_2025, AdminUnit, UnitLink
from lib.vntext import fold, sort_key
from practices.models import (
    Appraisal,
    Commendation,
    CommendationForm,
    CriteriaSet,
    Criterion,
    Field,
    Kind,
    Practice,
    RecognitionLevel,
    Score,
    Status,
)

TOTAL = 408_000
START = dt.date(2021, 1, 1)
CRITERIA_SET_NAME = "Bộ tiêu chí đánh giá mô hình Dân vận khéo (sinh tự động)"


def _months():
    day = START
    while day <= END:
        yield day
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _status(rng, age_days: int) -> str:
    if age_days < 60:
        return weighted(rng, [(Status.DRAFT, 30), (Status.REGISTERED, 50), (Status.UNDER_APPRAISAL, 20)])
    if age_days < 240:
        return weighted(
            rng,
            [
                (Status.DRAFT, 3),
                (Status.REGISTERED, 10),
                (Status.UNDER_APPRAISAL, 20),
                (Status.RECOGNISED, 55),
                (Status.NOT_RECOGNISED, 7),
                (Status.COMMENDED, 5),
            ],
        )
    return weighted(
        rng,
        [
            (Status.DRAFT, 1),
            (Status.REGISTERED, 2),
            (Status.RECOGNISED, 50),
            (Status.NOT_RECOGNISED, 5),
            (Status.COMMENDED, 25),
            (Status.REPLICATED, 17),
        ],
    )


def _criteria(world: World) -> dict[int, tuple[CriteriaSet, list[Criterion]]]:
    sets = {}
    for province_id, org in world.province_orgs.items():
        cs, created = CriteriaSet.objects.get_or_create(
            owner_id=org.id, name=CRITERIA_SET_NAME, defaults={"pass_mark": Decimal("50")}
        )
        if created:
            Criterion.objects.bulk_create(
                Criterion(criteria_set=cs, order=i, description=d, max_score=Decimal(m))
                for i, (d, m) in enumerate(V.CRITERIA, start=1)
            )
        sets[province_id] = (cs, list(cs.criteria.order_by("order")))
    return sets


def _predecessors() -> dict[int, list[int]]:
    """Today's commune → the communes it was made from (valid on 30/6/2025)."""
    out: dict[int, list[int]] = {}
    for old, new in UnitLink.objects.filter(effective_date=REFORM_2025).values_list("predecessor_id", "successor_id"):
        out.setdefault(new, []).append(old)
    return out


def _person(rng) -> str:
    return f"{rng.choice(V.FAMILY_NAMES)} {rng.choice(V.MIDDLE_NAMES)} {rng.choice(V.GIVEN_NAMES)}"


def generate_practices(ctx: Context, world: World) -> int:
    if Practice.objects.filter(created_by__username__startswith="gen.").exists():
        ctx.log("  mô hình: đã có, bỏ qua")
        return 0
    rng = ctx.rng
    total = ctx.scaled(TOTAL)
    months = list(_months())
    criteria = _criteria(world)
    preds = _predecessors()
    names = dict(AdminUnit.objects.filter(pk__in={o.unit_id for o in world.commune_orgs}).values_list("id", "name"))
    adoptable: list[tuple[int, int, str, str, str]] = []  # (id, org, kind, field, name) of recognised ones
    made = 0
    # Indexes (and SQLite's FTS triggers) are built once after the load: see datagen.base.bulk_load.
    with (
        bulk_load(Practice, Appraisal, Appraisal.members.through, Score, Commendation),
        keep_timestamps(Practice, Commendation, Appraisal),
    ):
        for index, month in enumerate(months):
            # Activity grows over the years, as the movement did.
            share = (index + 20) / sum(i + 20 for i in range(len(months)))
            count = round(total * share) if index < len(months) - 1 else total - made
            if count <= 0:
                continue
            last_day = min(END, (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1))
            days = sorted(month + dt.timedelta(days=rng.randint(0, (last_day - month).days)) for _ in range(count))
            orgs = rng.choices(world.commune_orgs, weights=world.weights, k=count)
            rows: list[Practice] = []
            for day, org in zip(days, orgs, strict=True):
                unit_id, province_id = org.unit_id, org.province_id
                if day < REFORM_2025 and preds.get(org.unit_id):
                    unit_id = rng.choice(preds[org.unit_id])
                    # ``province`` stays today's: the one the old commune's successor lies in.
                status = _status(rng, (END - day).days)
                source = None
                if adoptable and rng.random() < 0.08:
                    source = adoptable[rng.randrange(len(adoptable))]
                kind = source[2] if source else weighted(rng, [(Kind.MODEL, 80), (Kind.EXEMPLAR, 20)])
                field = (
                    source[3]
                    if source
                    else weighted(
                        rng, [(Field.ECONOMY, 35), (Field.SOCIETY, 35), (Field.DEFENCE, 15), (Field.POLITICS, 15)]
                    )
                )
                theme = weighted(rng, V.THEMES)
                name = (
                    source[4]
                    if source
                    else rng.choice(V.NAME_PATTERNS).format(
                        theme=theme,
                        place=names.get(org.unit_id, ""),
                        product=rng.choice(V.PRODUCTS),
                        group=rng.choice(V.GROUPS),
                    )
                )
                situation = rng.choice(V.SITUATIONS)
                objectives = rng.choice(V.OBJECTIVES)
                content = f"{rng.choice(V.METHODS)} {rng.choice(V.METHODS)} Tập trung vào {theme}."
                created = at(day, rng)
                person = _person(rng) if kind == Kind.EXEMPLAR else ""
                recognised = status in (Status.RECOGNISED, Status.COMMENDED, Status.REPLICATED)
                rows.append(
                    Practice(
                        name=name[:300],
                        kind=kind,
                        field=field,
                        status=status,
                        recognition_level=weighted(
                            rng,
                            [
                                (RecognitionLevel.COMMUNE, 60),
                                (RecognitionLevel.PROVINCE, 35),
                                (RecognitionLevel.CENTRAL, 5),
                            ],
                        )
                        if recognised
                        else "",
                        organization_id=org.id,
                        unit_id=unit_id,
                        province_id=province_id,
                        person_name=person,
                        person_public=bool(person) and rng.random() < 0.5,
                        situation=situation,
                        objectives=objectives,
                        content=content,
                        target_people=rng.choice(V.TARGETS),
                        outputs=rng.choice(V.OUTPUTS).format(
                            km=rng.randint(1, 30) / 10,
                            households=rng.randint(5, 400),
                            houses=rng.randint(1, 20),
                            people=rng.randint(50, 5000),
                        ),
                        sustainability=rng.choice(V.SUSTAINABILITY),
                        money_vnd=rng.randint(0, 500) * 1_000_000,
                        socialised_vnd=rng.randint(0, 300) * 1_000_000,
                        workdays=rng.randint(0, 2000),
                        land_m2=Decimal(rng.randint(0, 5000)),
                        start_date=day,
                        year=day.year,
                        source_id=source[0] if source else None,
                        created_by_id=org.officer_id,
                        created_at=created,
                        updated_at=created,
                        search_text=" ".join(fold(t) for t in (name, content, objectives, situation)),
                        sort_key=sort_key(name),
                    )
                )
            made += _store(ctx, world, criteria, rows, adoptable)
            ctx.log(f"  mô hình: {made:,}/{total:,} ({month:%m/%Y})".replace(",", "."))
    # A replicated practice that nobody adopted in the generated window is only commended.
    Practice.objects.filter(status=Status.REPLICATED, descendants__isnull=True).update(status=Status.COMMENDED)
    return made


def _store(ctx, world, criteria, rows, adoptable) -> int:
    rng = ctx.rng
    stored = 0
    for start in range(0, len(rows), 2_000):
        batch = insert(Practice, rows[start : start + 2_000])
        appraisals, commendations = [], []
        for p in batch:
            if p.status in (Status.DRAFT, Status.REGISTERED):
                continue
            cs, crits = criteria[p.province_id]
            appraisals.append(
                Appraisal(
                    practice_id=p.pk,
                    criteria_set=cs,
                    council_id=world.province_orgs[p.province_id].id,
                    summary="Hội đồng thống nhất đánh giá." if p.status != Status.UNDER_APPRAISAL else "",
                    started_at=p.created_at + dt.timedelta(days=30),
                )
            )
            if p.status in (Status.COMMENDED, Status.REPLICATED):
                for n in range(1 if rng.random() < 0.85 else 2):
                    commendations.append(
                        Commendation(
                            practice_id=p.pk,
                            form=weighted(
                                rng,
                                [
                                    (CommendationForm.CERTIFICATE, 70),
                                    (CommendationForm.MERIT, 25),
                                    (CommendationForm.PM_MERIT, 1),
                                    (CommendationForm.FLAG, 4),
                                ],
                            ),
                            authority=weighted(
                                rng,
                                [("Chủ tịch UBND xã", 50), ("Chủ tịch UBND tỉnh", 40), ("Ban Thường vụ Tỉnh ủy", 10)],
                            ),
                            decision_number=f"{rng.randint(1, 3000) * 2 + n}/QĐ-UBND",
                            decision_date=(p.created_at + dt.timedelta(days=120 + 30 * n)).date(),
                            recipient_kind=p.kind,
                            recipient_name=p.person_name or p.name[:300],
                            created_by_id=world.province_orgs[p.province_id].officer_id,
                            created_at=p.created_at + dt.timedelta(days=120 + 30 * n),
                        )
                    )
            if p.status in (Status.RECOGNISED, Status.COMMENDED, Status.REPLICATED) and rng.random() < 0.3:
                adoptable.append((p.pk, p.organization_id, p.kind, p.field, p.name))
        appraisals = insert(Appraisal, appraisals)
        scores, members = [], []
        Members = Appraisal.members.through
        by_id = {p.pk: p for p in batch}
        for a in appraisals:
            p = by_id[a.practice_id]
            _cs, crits = criteria[p.province_id]
            appraiser = world.appraisers[p.province_id]
            members.append(Members(appraisal_id=a.pk, user_id=appraiser))
            if p.status == Status.UNDER_APPRAISAL and rng.random() < 0.5:
                continue
            passed = p.status != Status.NOT_RECOGNISED
            for c in crits:
                low, high = (0.55, 1.0) if passed else (0.1, 0.45)
                value = (c.max_score * Decimal(str(round(rng.uniform(low, high), 2)))).quantize(Decimal("0.01"))
                scores.append(Score(appraisal_id=a.pk, criterion=c, appraiser_id=appraiser, score=value))
        insert(Members, members)
        insert(Score, scores)
        insert(Commendation, commendations)
        stored += len(batch)
    del adoptable[: max(0, len(adoptable) - 50_000)]
    return stored
