"""408,000 practices (at scale 1.0) over 2021–2026 in every state, with scores, commendations and adoptions.

Generated month by month in time order, so an adoption always follows its source and the
state mix follows age: last month's practices are mostly drafts and registrations, those of
2021 mostly recognised, commended or replicated. Rows registered before 1/7/2025 point at
the commune that existed then (a predecessor of today's), as real data would.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

from django.db import connection

from datagen import vocabulary as V
from datagen.base import END, Context, at, bulk_load, copy_rows, next_id, reset_sequence, stamp, weighted
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


PRACTICE_COLUMNS = [
    "id", "name", "kind", "field", "status", "recognition_level", "organization_id", "unit_id", "province_id",
    "person_name", "person_public", "situation", "objectives", "content", "target_people", "outputs", "sustainability",
    "money_vnd", "socialised_vnd", "workdays", "land_m2", "materials", "start_date", "evaluation_date", "latitude",
    "longitude", "year", "source_id", "import_key", "created_by_id", "created_at", "updated_at", "search_text",
    "sort_key", "registered_on", "recognised_on",
]  # fmt: skip
APPRAISAL_COLUMNS = ["id", "practice_id", "criteria_set_id", "council_id", "summary", "started_at"]
MEMBER_COLUMNS = ["id", "appraisal_id", "user_id"]
SCORE_COLUMNS = ["id", "appraisal_id", "criterion_id", "appraiser_id", "score", "comment"]
COMMENDATION_COLUMNS = [
    "id", "practice_id", "form", "authority", "decision_number", "decision_date", "recipient_kind",
    "recipient_name", "created_by_id", "created_at",
]  # fmt: skip
LEVELS = [(RecognitionLevel.COMMUNE, 60), (RecognitionLevel.PROVINCE, 35), (RecognitionLevel.CENTRAL, 5)]
RECOGNISED = (Status.RECOGNISED, Status.COMMENDED, Status.REPLICATED)


class _Ids:
    """The next free id of each table: rows go in with explicit ids, so children can point at
    their parents without reading anything back."""

    def __init__(self, *models_):
        self.next = {m: next_id(m) for m in models_}

    def take(self, model) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value


def generate_practices(ctx: Context, world: World) -> int:
    if Practice.objects.filter(created_by__username__startswith="gen.").exists():
        ctx.log("  mô hình: đã có, bỏ qua")
        return 0
    rng = ctx.rng
    vendor = connection.vendor
    total = ctx.scaled(TOTAL)
    months = list(_months())
    criteria = _criteria(world)
    preds = _predecessors()
    names = dict(AdminUnit.objects.filter(pk__in={o.unit_id for o in world.commune_orgs}).values_list("id", "name"))
    Members = Appraisal.members.through
    ids = _Ids(Practice, Appraisal, Members, Score, Commendation)
    # The texts are drawn from a small vocabulary: fold each once. A name is mostly unique but
    # an adopted practice repeats its source's, so its fold and sort key are cached as well.
    folded = functools.lru_cache(maxsize=None)(fold)
    sorted_as = functools.lru_cache(maxsize=200_000)(sort_key)
    adoptable: list[tuple[int, int, str, str, str]] = []  # (id, org, kind, field, name) of recognised ones
    made = 0
    # Indexes (and SQLite's FTS triggers) are built once after the load: see datagen.base.bulk_load.
    with bulk_load(Practice, Appraisal, Members, Score, Commendation):
        for index, month in enumerate(months):
            # Activity grows over the years, as the movement did.
            share = (index + 20) / sum(i + 20 for i in range(len(months)))
            count = round(total * share) if index < len(months) - 1 else total - made
            if count <= 0:
                continue
            last_day = min(END, (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1))
            days = sorted(month + dt.timedelta(days=rng.randint(0, (last_day - month).days)) for _ in range(count))
            orgs = rng.choices(world.commune_orgs, weights=world.weights, k=count)
            rows: list[tuple] = []
            moments: list[dt.datetime] = []  # each row's created_at, unstamped
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
                )[:300]
                situation = rng.choice(V.SITUATIONS)
                objectives = rng.choice(V.OBJECTIVES)
                content = f"{rng.choice(V.METHODS)} {rng.choice(V.METHODS)} Tập trung vào {theme}."
                moment = at(day, rng)
                moments.append(moment)
                created = stamp(moment, vendor)
                person = _person(rng) if kind == Kind.EXEMPLAR else ""
                level = weighted(rng, LEVELS) if status in RECOGNISED else ""
                outputs = rng.choice(V.OUTPUTS).format(
                    km=rng.randint(1, 30) / 10,
                    households=rng.randint(5, 400),
                    houses=rng.randint(1, 20),
                    people=rng.randint(50, 5000),
                )
                rows.append(
                    (
                        ids.take(Practice), name, kind, field, status, level, org.id, unit_id, province_id,
                        person, bool(person) and rng.random() < 0.5, situation, objectives, content,
                        rng.choice(V.TARGETS), outputs, rng.choice(V.SUSTAINABILITY),
                        rng.randint(0, 500) * 1_000_000, rng.randint(0, 300) * 1_000_000, rng.randint(0, 2000),
                        str(rng.randint(0, 5000)), "", day, None, None, None, day.year,
                        source[0] if source else None, "", org.officer_id, created, created,
                        f"{folded(name)} {folded(content)} {folded(objectives)} {folded(situation)}",
                        sorted_as(name), day, day + dt.timedelta(days=45) if status in RECOGNISED else None,
                    )
                )  # fmt: skip
            made += _store(ctx, world, criteria, ids, rows, adoptable, moments)
            ctx.log(f"  mô hình: {made:,}/{total:,} ({month:%m/%Y})".replace(",", "."))
    for model in (Practice, Appraisal, Members, Score, Commendation):
        reset_sequence(model)
    # A replicated practice that nobody adopted in the generated window is only commended.
    Practice.objects.filter(status=Status.REPLICATED, descendants__isnull=True).update(status=Status.COMMENDED)
    return made


def _store(ctx, world, criteria, ids, rows, adoptable, moments) -> int:
    """Write one month's practices with their appraisals, council members, scores and commendations."""
    rng = ctx.rng
    vendor = connection.vendor
    Members = Appraisal.members.through
    appraisals, members, scores, commendations = [], [], [], []
    for p, created in zip(rows, moments, strict=True):
        pk, name, kind, status = p[0], p[1], p[2], p[4]
        org_province, person = p[8], p[9]
        if status in (Status.DRAFT, Status.REGISTERED):
            continue
        cs, crits = criteria[org_province]
        province_org = world.province_orgs[org_province]
        appraisal_id = ids.take(Appraisal)
        appraisals.append(
            (
                appraisal_id, pk, cs.id, province_org.id,
                "Hội đồng thống nhất đánh giá." if status != Status.UNDER_APPRAISAL else "",
                stamp(created + dt.timedelta(days=30), vendor),
            )
        )  # fmt: skip
        appraiser = world.appraisers[org_province]
        members.append((ids.take(Members), appraisal_id, appraiser))
        if not (status == Status.UNDER_APPRAISAL and rng.random() < 0.5):
            low, high = (0.1, 0.45) if status == Status.NOT_RECOGNISED else (0.55, 1.0)
            for c in crits:
                value = float(c.max_score) * round(rng.uniform(low, high), 2)
                scores.append((ids.take(Score), appraisal_id, c.id, appraiser, f"{value:.2f}", ""))
        if status in (Status.COMMENDED, Status.REPLICATED):
            for n in range(1 if rng.random() < 0.85 else 2):
                when = created + dt.timedelta(days=120 + 30 * n)
                commendations.append(
                    (
                        ids.take(Commendation),
                        pk,
                        weighted(
                            rng,
                            [
                                (CommendationForm.CERTIFICATE, 70),
                                (CommendationForm.MERIT, 25),
                                (CommendationForm.PM_MERIT, 1),
                                (CommendationForm.FLAG, 4),
                            ],
                        ),
                        weighted(
                            rng, [("Chủ tịch UBND xã", 50), ("Chủ tịch UBND tỉnh", 40), ("Ban Thường vụ Tỉnh ủy", 10)]
                        ),
                        f"{rng.randint(1, 3000) * 2 + n}/QĐ-UBND",
                        when.date(),
                        kind,
                        person or name,
                        province_org.officer_id,
                        stamp(when, vendor),
                    )
                )
        if status in RECOGNISED and rng.random() < 0.3:
            adoptable.append((pk, p[6], kind, p[3], name))
    for model, columns, batch in (
        (Practice, PRACTICE_COLUMNS, rows),
        (Appraisal, APPRAISAL_COLUMNS, appraisals),
        (Members, MEMBER_COLUMNS, members),
        (Score, SCORE_COLUMNS, scores),
        (Commendation, COMMENDATION_COLUMNS, commendations),
    ):
        for start in range(0, len(batch), 20_000):
            copy_rows(model, columns, batch[start : start + 20_000], convert=False)
    del adoptable[: max(0, len(adoptable) - 50_000)]
    return len(rows)
