"""1,000,000 citizens' cases (at scale 1.0) received 2021 – 10/2026, with reception days and dialogues.

Month by month in time order, like the practices: ids follow receipt, so "newest first" is id
order as in real use. Each case lives out a plausible history up to ``END``: accepted within the
acceptance limit (or stuck in a backlog), answered mostly on time, confirmed, reopened or closed
by the system after the sender's window, escalated to the province when overdue past the margin.
Every limit comes from the real deadline engine (``cases.deadlines.due_date`` with the deployment's
rules), memoised per (kind, step, start day, complex, remote, extensions): a few thousand distinct
calls for a million cases. Cases received before 1/7/2025 point at the commune valid then.

Rows go in with explicit ids through ``copy_rows`` (COPY on PostgreSQL, executemany on SQLite),
one month at a time. Each month is drawn from its own random stream by one of two forked worker
processes while this one writes (``months_drawn``), so the rows do not depend on how many workers
draw them; memory is bounded by three months in flight (~60,000 cases). The search index stays
right because the database maintains it (SQLite FTS5 triggers, PostgreSQL's generated tsvector).
Case histories (``CaseEvent``) are not generated: the benchmarks read queues, search and hotspots.
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import hashlib
import os
import random
from collections.abc import Iterator

from datagen import vocabulary as V
from datagen.base import END, TZ, Context, bulk_load, copy_rows, next_id, reset_sequence, stamp, weighted
from datagen.orgs import World
from geo.models import REFORM_2025, AdminUnit, UnitLink
from lib.vntext import fold, vn_int
from orgs.models import Organization

TOTAL = 1_000_000
START = dt.date(2021, 1, 1)
KINDS = [("feedback", 42), ("petition", 26), ("complaint_first", 14), ("complaint_second", 3), ("denunciation", 15)]
CHANNELS = [("web", 45), ("in_person", 25), ("phone", 10), ("letter", 18), ("import", 2)]
# Sessions are generated for the last half-year before END and the four weeks after it.
SESSION_WEEKS_BACK = 26
SESSION_WEEKS_AHEAD = 4
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # the same as cases.intake
CODE_SPACE = len(CODE_ALPHABET) ** 8
# Any multiplier prime to 31 permutes the code space: distinct ids give distinct codes.
CODE_MULTIPLIER = 0x5DEECE66D

CASE_COLUMNS = [
    "id",
    "code",
    "token_hash",
    "kind",
    "topic_id",
    "unit_id",
    "province_id",
    "title",
    "content",
    "search_text",
    "channel",
    "is_anonymous",
    "is_remote_area",
    "is_complex",
    "people_count",
    "extensions",
    "latitude",
    "longitude",
    "status",
    "organization_id",
    "escalated_to_id",
    "escalation_level",
    "escalated_at",
    "received_on",
    "accepted_on",
    "accept_due",
    "resolve_due",
    "due_date",
    "answered_at",
    "answered_on_time",
    "closed_at",
    "satisfied",
    "reopen_count",
    "duplicate_of_id",
    "anonymised_at",
    "reception_session_id",
    "created_by_id",
    "created_at",
    "updated_at",
]
_COL = {name: i for i, name in enumerate(CASE_COLUMNS)}
# What a duplicate shares with its main case: the answer given to the main case answers it too.
_SHARED = [
    _COL[c]
    for c in (
        "kind",
        "topic_id",
        "title",
        "status",
        "accepted_on",
        "resolve_due",
        "due_date",
        "answered_at",
        "answered_on_time",
        "closed_at",
        "satisfied",
    )
]


def case_code(case_id: int, seed: int) -> str:
    n = (case_id * CODE_MULTIPLIER + seed) % CODE_SPACE
    out = []
    for _ in range(8):
        n, d = divmod(n, 31)
        out.append(CODE_ALPHABET[d])
    return "".join(out)


class Deadlines:
    """The deadline engine, memoised: the same answers as ``cases.intake`` gives a case."""

    def __init__(self):
        from cases import conf
        from cases.deadlines import rule_for
        from cases.rules import CountsFrom, Step

        self.rules = conf.rules()
        self.from_receipt = {
            k: rule_for(k, Step.RESOLUTION, self.rules).counts_from is CountsFrom.RECEIPT for k, _ in KINDS
        }
        self.due = functools.cache(self._due)

    def _due(self, kind: str, step: str, start: dt.date, complex_: bool, remote: bool, extensions: int) -> dt.date:
        from cases.deadlines import due_date

        return due_date(kind, step, start, complex=complex_, remote=remote, extensions=extensions, rules=self.rules)


def _months():
    day = START
    while day <= END:
        yield day
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


_VENDOR = {"name": "postgresql"}  # set per run: how timestamps are written (see datagen.base.stamp)
_MIDNIGHT = dt.time(0, 0)


def _at(day: dt.date, rng, hour_from: int = 7):
    """A moment of office hours on ``day`` (from ``hour_from``), written as ``copy_rows`` takes it."""
    seconds = hour_from * 3600 + int(rng.random() * (18 - hour_from) * 3600)
    return stamp(dt.datetime.combine(day, _MIDNIGHT, TZ) + dt.timedelta(seconds=seconds), _VENDOR["name"])


# Every character up to the Latin Extended Additional block (Vietnamese letters with tones) and
# the typographic quotes, folded once; white space stays one space (generated text has no runs).
_FOLD_TABLE = {cp: (" " if chr(cp).isspace() else fold(chr(cp))) for cp in range(0x2100)}


def _fold(text: str) -> str:
    """``lib.vntext.fold`` for generated text (single spaces, no edge spaces) at C speed, one
    ``str.translate``; the datagen test checks it against ``fold`` on the generated rows."""
    return text.translate(_FOLD_TABLE)


class _Ctx:
    """What every case needs to know about the world, computed once."""

    def __init__(self, ctx: Context, world: World):
        from cases.models import Topic

        self.world = world
        self.topics = {t.code: t.pk for t in Topic.objects.filter(code__in=V.CASE_TOPICS)}
        if len(self.topics) != len(V.CASE_TOPICS):
            raise RuntimeError("Thiếu lĩnh vực ý kiến (chạy migrate cases).")
        self.topic_pairs = [(code, V.CASE_TOPICS[code][0]) for code in V.CASE_TOPICS]
        self.preds: dict[int, list[int]] = {}
        for old, new in UnitLink.objects.filter(effective_date=REFORM_2025).values_list(
            "predecessor_id", "successor_id"
        ):
            self.preds.setdefault(new, []).append(old)
        commune_ids = {o.unit_id for o in world.commune_orgs}
        all_ids = commune_ids | {u for olds in self.preds.values() for u in olds}
        self.names = dict(AdminUnit.objects.filter(pk__in=all_ids).values_list("id", "name"))
        officers = {o.id: o.officer_id for o in world.commune_orgs}
        officers.update({o.id: o.officer_id for o in world.province_orgs.values()})
        self.officer = officers
        # Reception days are held by the People's Committee (UBND) of each commune and province.
        self.ubnd: dict[int, int] = {}  # unit id → UBND organisation id
        for org_id, unit_id in Organization.objects.filter(
            org_type__code="ubnd", unit_id__in=commune_ids | {p.pk for p in world.provinces}
        ).values_list("id", "unit_id"):
            self.ubnd.setdefault(unit_id, org_id)
        self.commune_org_of_ubnd = {o.unit_id: o for o in world.commune_orgs if o.id in set(self.ubnd.values())}


def generate_cases(ctx: Context, world: World) -> int:
    from meetings.models import ReceptionSchedule

    if ReceptionSchedule.objects.filter(created_by__username__startswith="gen.").exists():
        ctx.log("  ý kiến, đơn thư: đã có, bỏ qua")
        return 0
    from django.db import connection

    from cases.models import Answer, Case, Petitioner

    _VENDOR["name"] = connection.vendor
    w = _Ctx(ctx, world)
    deadlines = Deadlines()
    sessions = generate_reception(ctx, w)
    with bulk_load(Case, Answer, Petitioner):
        made = _generate(ctx, w, deadlines, sessions)
    ctx.log("  ý kiến, đơn thư: đã lập chỉ mục")
    _count_visitors()
    generate_dialogues(ctx, w)
    return made


def generate_reception(ctx: Context, w: _Ctx) -> dict[tuple[int, dt.date], int]:
    """Weekly reception days of every commune's UBND and monthly ones of each province's; the
    sessions of the last half-year (held, a few postponed) and the coming weeks (planned).
    Returns (organisation id, day) → session id for the cases recorded at them."""
    from meetings.models import ReceptionSchedule, ReceptionSession

    rng = ctx.rng
    first = END - dt.timedelta(weeks=SESSION_WEEKS_BACK)
    last = END + dt.timedelta(weeks=SESSION_WEEKS_AHEAD)
    schedule_id, session_id = next_id(ReceptionSchedule), next_id(ReceptionSession)
    schedules, sessions, index = [], [], {}
    created = dt.datetime.combine(REFORM_2025, dt.time(8), TZ)
    province_ids = {p.pk for p in w.world.provinces}
    for unit_id, org_id in sorted(w.ubnd.items()):
        is_province = unit_id in province_ids
        officer = (
            w.world.province_orgs[unit_id].officer_id
            if is_province
            else w.officer.get(w.commune_org_of_ubnd[unit_id].id)
        )
        if officer is None:
            continue
        name = w.names.get(unit_id) or next(p.name for p in w.world.provinces if p.pk == unit_id)
        title = "Chủ tịch UBND tỉnh" if is_province else "Chủ tịch UBND xã"
        leader = f"{rng.choice(V.FAMILY_NAMES)} {rng.choice(V.MIDDLE_NAMES)} {rng.choice(V.GIVEN_NAMES)}"
        place = f"Trụ sở Tiếp công dân {name}" if is_province else f"Trụ sở UBND {name}"
        weekday = None if is_province else unit_id % 5
        month_day = 15 if is_province else None
        start, end = dt.time(7, 30), dt.time(11, 30)
        schedules.append(
            (
                schedule_id,
                org_id,
                title,
                leader,
                "monthly" if is_province else "weekly",
                weekday,
                month_day,
                start,
                end,
                place,
                REFORM_2025,
                None,
                True,
                officer,
                created,
            )
        )
        day = first
        while day <= last:
            if (is_province and day.day == 15) or (not is_province and day.weekday() == weekday):
                held = day <= END
                cancelled = held and rng.random() < 0.03
                status = "cancelled" if cancelled else ("held" if held else "planned")
                note = "Lãnh đạo đi công tác đột xuất, chuyển sang tuần sau." if cancelled else ""
                finished = dt.datetime.combine(day, dt.time(11, 45), TZ) if held else created
                sessions.append(
                    (
                        session_id,
                        org_id,
                        schedule_id,
                        day,
                        start,
                        end,
                        title,
                        leader,
                        place,
                        status,
                        note,
                        rng.randint(0, 6) if status == "held" else 0,
                        officer,
                        created,
                        finished,
                    )
                )
                if status == "held":
                    index[(org_id, day)] = session_id
                session_id += 1
            day += dt.timedelta(days=1)
        schedule_id += 1
    copy_rows(
        ReceptionSchedule,
        [
            "id",
            "organization_id",
            "leader_title",
            "leader_name",
            "frequency",
            "weekday",
            "month_day",
            "start_time",
            "end_time",
            "place",
            "valid_from",
            "valid_to",
            "is_active",
            "created_by_id",
            "created_at",
        ],
        schedules,
    )
    columns = [
        "id",
        "organization_id",
        "schedule_id",
        "date",
        "start_time",
        "end_time",
        "leader_title",
        "leader_name",
        "place",
        "status",
        "note",
        "visitors",
        "created_by_id",
        "created_at",
        "updated_at",
    ]
    for start_at in range(0, len(sessions), 20_000):
        copy_rows(ReceptionSession, columns, sessions[start_at : start_at + 20_000])
    reset_sequence(ReceptionSchedule)
    reset_sequence(ReceptionSession)
    ctx.log(f"  lịch tiếp công dân: {vn_int(len(schedules))} lịch, {vn_int(len(sessions))} buổi")
    return index


def _spikes(ctx: Context, w: _Ctx) -> list[tuple]:
    """Hotspots to find: a few communes where one topic surges in the last week (with several
    multi-person petitions), as a land clearance or a polluting plant makes it surge in life."""
    rng = ctx.rng
    out = []
    orgs = w.world.commune_orgs
    for _ in range(max(3, round(150 * ctx.scale))):
        org = orgs[rng.randrange(len(orgs))]
        topic = weighted(rng, [("dat-dai", 5), ("moi-truong", 4), ("giao-thong", 1), ("an-ninh", 1)])
        for _n in range(rng.randint(6, 14)):
            day = END - dt.timedelta(days=rng.randint(0, 6))
            people = rng.randint(5, 60) if rng.random() < 0.4 else 1
            out.append((day, org, topic, people))
    return out


def _plan(ctx: Context, w: _Ctx) -> list[tuple[int, dt.date, int, int, list]]:
    """Each month's (index, first day, number of cases, first case id, forced cases), fixed before any
    case is drawn, so months can be drawn in any order, in any process, with the same result."""
    from cases.models import Case

    total = ctx.scaled(TOTAL)
    months = list(_months())
    spikes = _spikes(ctx, w)
    case_id = next_id(Case)
    weights_total = sum(i + 20 for i in range(len(months)))
    plan, planned = [], 0
    for index, month in enumerate(months):
        # Grievances grow with the years (and with the online portal), as the reports show.
        last = index == len(months) - 1
        count = max(0, round(total * (index + 20) / weights_total) if not last else total - planned - len(spikes))
        forced = spikes if last else []
        plan.append((index, month, count, case_id, forced))
        case_id += count + len(forced)
        planned += count + len(forced)
    return plan


# What the month workers read: set in the parent before they are forked, never pickled.
_WORK: dict = {}


def _month(item) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """One month's cases, drawn from the month's own random stream: (cases, senders without their id,
    answers without their id). Touches no database."""
    index, month, count, case_id, forced = item
    w, deadlines, sessions, seed = _WORK["w"], _WORK["deadlines"], _WORK["sessions"], _WORK["seed"]
    rng = random.Random(f"{seed}-cases-{index}")
    last_day = min(END, (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1))
    seeds = [
        (month + dt.timedelta(days=rng.randint(0, (last_day - month).days)), org, None, 0)
        for org in rng.choices(w.world.commune_orgs, weights=w.world.weights, k=count)
    ]
    seeds += forced
    seeds.sort(key=lambda s: (s[0], s[1].id))
    cases, petitioners, answers = [], [], []
    recent_main: dict[int, tuple] = {}  # unit id → the month's last case that is not a duplicate
    main_answers: dict[int, list] = {}  # main case id → its answers, given to its duplicates too
    for day, org, forced_topic, forced_people in seeds:
        row, extra = _case(rng, w, deadlines, case_id, day, org, forced_topic, forced_people, sessions, seed)
        main = recent_main.get(row[_COL["unit_id"]])
        if (
            main is not None
            and forced_topic is None
            and main[_COL["status"]] not in ("dismissed", "moderation")
            and rng.random() < 0.03
        ):
            # A second sender about the same matter, linked to the open main case: answering
            # the main case answers it with the same text (cases.duplicates._answer_duplicates).
            row = list(row)
            for i in _SHARED:
                row[i] = main[i]
            row[_COL["duplicate_of_id"]] = main[0]
            for name in ("is_complex", "is_remote_area", "extensions"):
                row[_COL[name]] = main[_COL[name]]
            # Its own acceptance limit runs from its own receipt, by the main case's kind.
            row[_COL["accept_due"]] = deadlines.due(
                row[_COL["kind"]],
                "acceptance",
                row[_COL["received_on"]],  # the reception day, for a case recorded at one
                row[_COL["is_complex"]],
                row[_COL["is_remote_area"]],
                0,
            )
            if row[_COL["status"]] in ("received", "moderation"):
                row[_COL["due_date"]] = row[_COL["accept_due"]]
            row[_COL["search_text"]] = _fold(row[_COL["title"]]) + " " + _fold(row[_COL["content"]])
            row = tuple(row)
            extra["answers"] = [(text, at_, o, by) for text, at_, o, by in main_answers.get(main[0], [])]
        else:
            recent_main[row[_COL["unit_id"]]] = row
            if extra["answers"]:
                main_answers[case_id] = extra["answers"]
        cases.append(row)
        for text, at_, org_id, by in extra["answers"]:
            answers.append((case_id, text, org_id, by, at_))
        if extra["petitioner"]:
            petitioners.append((case_id, *extra["petitioner"]))
        case_id += 1
    return cases, petitioners, answers


def _forget_connections() -> None:
    """In a forked worker: drop the parent's database connections without closing them (closing
    would end the parent's session on the shared socket). Workers never query."""
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        conn.connection = None


def months_drawn(plan, *, workers: int) -> Iterator[tuple]:
    """Each month of ``plan`` drawn by ``_month``, in order: in this process when ``workers`` is 0, else
    by forked worker processes, at most ``workers + 1`` months ahead (memory stays bounded)."""
    if workers <= 0:
        yield from map(_month, plan)
        return
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(workers, initializer=_forget_connections) as pool:
        pending = collections.deque()
        for item in plan:
            pending.append(pool.apply_async(_month, (item,)))
            if len(pending) > workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _workers() -> int:
    """Draw the months in two worker processes (this one writes) for a real run; in this process
    inside a transaction (tests), where forking beside an open transaction would gain nothing."""
    from django.db import connection

    if connection.in_atomic_block:
        return 0
    return min(2, os.cpu_count() or 1)


def _generate(ctx: Context, w: _Ctx, deadlines: Deadlines, sessions: dict) -> int:
    from cases import conf
    from cases.models import Answer, Case, Petitioner

    w.margin = conf.escalation_margin_days()
    w.window = conf.reopen_window_days()
    w.session_from = END - dt.timedelta(weeks=SESSION_WEEKS_BACK)
    plan = _plan(ctx, w)
    total = sum(count + len(forced) for _i, _m, count, _id, forced in plan)
    _WORK.update(w=w, deadlines=deadlines, sessions=sessions, seed=ctx.seed)
    answer_id, petitioner_id = next_id(Answer), next_id(Petitioner)
    made = 0
    try:
        for (_index, month, *_rest), (cases, petitioners, answers) in zip(
            plan, months_drawn(plan, workers=_workers()), strict=True
        ):
            for start_at in range(0, len(cases), 5_000):
                copy_rows(Case, CASE_COLUMNS, cases[start_at : start_at + 5_000], convert=False)
            copy_rows(
                Petitioner,
                ["id", "case_id", "full_name", "id_number", "phone", "email", "address"],
                [(petitioner_id + n, *p) for n, p in enumerate(petitioners)],
            )
            petitioner_id += len(petitioners)
            copy_rows(
                Answer,
                ["id", "case_id", "text", "organization_id", "by_id", "at"],
                [(answer_id + n, *a) for n, a in enumerate(answers)],
                convert=False,
            )
            answer_id += len(answers)
            made += len(cases)
            ctx.log(f"  ý kiến, đơn thư: {vn_int(made)}/{vn_int(total)} ({month:%m/%Y})")
    finally:
        _WORK.clear()
    for model in (Case, Petitioner, Answer):
        reset_sequence(model)
    return made


def _case(rng, w: _Ctx, dl: Deadlines, case_id, day, org, forced_topic, forced_people, sessions, seed):
    """One case's row and what hangs off it (answers, sender), its history lived out up to END."""
    kind = weighted(rng, KINDS)
    topic = forced_topic or weighted(rng, w.topic_pairs)
    channel = weighted(rng, CHANNELS)
    org_id, province_id = org.id, org.province_id
    unit_id = org.unit_id
    if day < REFORM_2025 and w.preds.get(unit_id):
        # The commune valid on the day; ``province`` stays today's (the one that absorbed it).
        unit_id = rng.choice(w.preds[unit_id])
    session_id = None
    if channel == "in_person" and day >= w.session_from and org.unit_id in w.ubnd:
        # Recorded at the commune's last reception day, by its People's Committee.
        ubnd = w.ubnd[org.unit_id]
        wd = org.unit_id % 5
        held = day - dt.timedelta(days=(day.weekday() - wd) % 7)
        session_id = sessions.get((ubnd, held))
        if session_id is not None:
            day, org_id = held, ubnd
    if rng.random() < 0.1 and province_id in w.world.province_orgs:
        org_id = w.world.province_orgs[province_id].id  # sent to the province directly
    place = w.names.get(unit_id, "")
    hamlet = f"{rng.choice(V.HAMLET_KINDS)} {rng.randint(1, 15)}"
    subject = rng.choice(V.CASE_TOPICS[topic][1]).format(
        hamlet=hamlet,
        place=place,
        road=rng.choice(V.ROADS),
        project=rng.choice(V.PROJECTS),
        person=f"{rng.choice(V.FAMILY_NAMES)} {rng.choice(V.MIDDLE_NAMES)} {rng.choice(V.GIVEN_NAMES)}",
        school=rng.choice(V.SCHOOLS),
        procedure=rng.choice(V.PROCEDURES),
        source=rng.choice(V.SOURCES),
    )
    title = f"{rng.choice(V.CASE_LEADS[kind])} {subject}"[:300]
    sentences = (
        f"{rng.choice(V.CASE_LEADS[kind])} {subject}.",
        rng.choice(V.CASE_DETAILS),
        rng.choice(V.CASE_DETAILS),
        rng.choice(V.CASE_REQUESTS),
    )
    content = " ".join(sentences)
    search_text = " ".join((_fold(title), *(_fold(s) for s in sentences)))
    anonymous = kind in ("feedback", "petition") and channel == "web" and rng.random() < 0.3
    remote = rng.random() < 0.08
    complex_ = rng.random() < 0.1
    people = forced_people or (
        1 if rng.random() < 0.93 else (rng.randint(2, 9) if rng.random() < 0.8 else rng.randint(10, 300))
    )
    if people > 1 and kind in ("complaint_first", "complaint_second"):
        complex_ = True  # khiếu nại đông người
    officer = w.officer.get(org_id) or w.officer.get(org.id)

    due = dl.due
    accept_due = due(kind, "acceptance", day, complex_, remote, 0)
    resolve_due = due(kind, "resolution", day, complex_, remote, 0) if dl.from_receipt[kind] else None
    status, due_date = "received", accept_due
    accepted_on = answered_at = on_time = closed_at = satisfied = escalated_at = escalated_to = None
    extensions = reopen_count = escalation = 0
    answers = []
    updated = _at(day, rng)
    created = updated
    r = rng.random()
    if channel == "web" and (END - day).days <= 6 and r < 0.15:
        status = "moderation"  # words on the abuse list: held for an officer to release
    elif r < 0.05:
        dismissed = day + dt.timedelta(days=rng.randint(1, 10))
        if dismissed <= END:
            status, due_date, updated = "dismissed", None, _at(dismissed, rng)
    else:
        stuck = rng.random() < 0.025  # the backlog every body has: never handled in time
        accepted = day + dt.timedelta(days=rng.randint(1, 9))
        if accepted <= END and not (stuck and rng.random() < 0.4):
            accepted_on, updated = accepted, _at(accepted, rng)
            if kind == "denunciation":
                extensions = weighted(rng, [(0, 80), (1, 15), (2, 5)])
            start = day if dl.from_receipt[kind] else accepted
            resolve_due = due(kind, "resolution", start, complex_, remote, extensions)
            status, due_date = "accepted", resolve_due
            limit = max(1, (resolve_due - accepted).days)
            if not stuck:
                late = rng.random() < 0.12
                answered = accepted + dt.timedelta(
                    days=rng.randint(limit + 1, limit + 40) if late else rng.randint(1, limit)
                )
                if answered <= END:
                    answered_at = updated = _at(answered, rng)
                    on_time = answered <= resolve_due
                    status, due_date = "answered", None
                    answers.append((rng.choice(V.CASE_ANSWERS), answered_at, org_id, officer))
                    reaction = answered + dt.timedelta(days=rng.randint(1, w.window))
                    rr = rng.random()
                    if rr < 0.08:
                        if reaction <= END:
                            # Reopened by the sender: the resolution limit runs again from that day.
                            reopen_count, satisfied = 1, False
                            resolve_due = due(kind, "resolution", reaction, complex_, remote, extensions)
                            status, due_date, updated = "reopened", resolve_due, _at(reaction, rng)
                            second = reaction + dt.timedelta(days=rng.randint(1, limit + 10))
                            if second <= END:
                                answered_at = updated = _at(second, rng)
                                on_time = second <= resolve_due
                                status, due_date = "answered", None
                                answers.append((rng.choice(V.CASE_ANSWERS), answered_at, org_id, officer))
                                if second + dt.timedelta(days=w.window + 1) <= END:
                                    closed_at = updated = _at(second + dt.timedelta(days=w.window + 1), rng, 0)
                                    status = "closed"
                    elif rr < 0.65:
                        if reaction <= END:
                            status, satisfied, closed_at = "closed", True, _at(reaction, rng)
                            updated = closed_at
                    else:
                        closing = answered + dt.timedelta(days=w.window + 1)
                        if closing <= END:
                            status, closed_at = "closed", _at(closing, rng, 0)
                            updated = closed_at
    # Overdue past the margin: the daily job handed it to the province's Ban for supervision.
    limit_missed = due_date if due_date is not None else (resolve_due if on_time is False else None)
    if (
        limit_missed is not None
        and (END - limit_missed).days > w.margin
        and (due_date is not None or rng.random() < 0.5)
    ):
        target = w.world.province_orgs.get(province_id)
        if target is not None and target.id != org_id:
            escalation, escalated_to = 1, target.id
            escalated_at = _at(limit_missed + dt.timedelta(days=w.margin + 1), rng, 1)
    petitioner = None
    if not anonymous:
        name = f"{rng.choice(V.FAMILY_NAMES)} {rng.choice(V.MIDDLE_NAMES)} {rng.choice(V.GIVEN_NAMES)}"
        petitioner = (
            name,
            f"0{rng.randint(1, 96):02d}{rng.randint(0, 999_999_999):09d}",
            f"09{rng.randint(0, 99_999_999):08d}",
            "",
            f"{hamlet}, {place}"[:300],
        )
    row = (
        case_id,
        case_code(case_id, seed),
        hashlib.sha256(f"datagen:{seed}:{case_id}".encode()).hexdigest(),
        kind,
        w.topics[topic],
        unit_id,
        province_id,
        title,
        content,
        search_text,
        channel,
        anonymous,
        remote,
        complex_,
        people,
        extensions,
        None,
        None,
        status,
        org_id,
        escalated_to,
        escalation,
        escalated_at,
        day,
        accepted_on,
        accept_due,
        resolve_due,
        due_date,
        answered_at,
        on_time,
        closed_at,
        satisfied,
        reopen_count,
        None,
        None,
        session_id,
        officer if channel != "web" else None,
        created,
        max(updated, created),
    )
    return row, {"answers": answers, "petitioner": petitioner}


def _count_visitors() -> None:
    """A held reception day counts at least the citizens whose cases were recorded at it."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as c:
        c.execute(
            "UPDATE cases_receptionsession SET visitors = visitors + (SELECT COUNT(*) FROM cases_case "
            "WHERE cases_case.reception_session_id = cases_receptionsession.id) WHERE status = 'held'"
        )


def generate_dialogues(ctx: Context, w: _Ctx) -> int:
    """A dialogue of each commune's and province's People's Committee with the people in the
    second half of 2025 and in 2026 (Luật Thực hiện dân chủ ở cơ sở 2022: at least once a year),
    announced at least 7 days ahead, with questions, answers and commitments tracked to closure."""
    from meetings.models import Commitment, Dialogue, DialogueQuestion

    rng = ctx.rng
    dialogue_id, question_id, commitment_id = next_id(Dialogue), next_id(DialogueQuestion), next_id(Commitment)
    dialogues, questions, commitments = [], [], []
    province_ids = {p.pk for p in w.world.provinces}
    for unit_id, org_id in sorted(w.ubnd.items()):
        if unit_id in province_ids:
            officer = w.world.province_orgs[unit_id].officer_id
            name = next(p.name for p in w.world.provinces if p.pk == unit_id)
        else:
            officer = w.officer.get(w.commune_org_of_ubnd[unit_id].id)
            name = w.names.get(unit_id, "")
        if officer is None:
            continue
        for first, last in ((dt.date(2025, 8, 1), dt.date(2025, 12, 20)), (dt.date(2026, 3, 1), dt.date(2026, 12, 15))):
            day = first + dt.timedelta(days=rng.randint(0, (last - first).days))
            announced = day - dt.timedelta(days=rng.randint(7, 20))
            if announced > END:
                continue
            topic_code, title = rng.choice(V.DIALOGUE_TOPICS)
            starts = dt.datetime.combine(day, dt.time(rng.choice((8, 14)), 0), TZ)
            status, held_on, published_on = "announced", None, None
            minutes = results = cancel = ""
            participants = 0
            if day <= END:
                roll = rng.random()
                if roll < 0.04:
                    status, cancel = "cancelled", "Trùng lịch họp đột xuất của cấp trên; sẽ thông báo lịch mới."
                else:
                    held_on, participants = day, rng.randint(40, 300)
                    minutes = (
                        f"Hội nghị có {participants} đại biểu và nhân dân dự; lãnh đạo trả lời trực tiếp các ý kiến."
                    )
                    publish = day + dt.timedelta(days=rng.randint(2, 10) if roll < 0.9 else rng.randint(11, 20))
                    if publish <= END:
                        status, published_on = "published", publish
                        results = "Công bố kết quả đối thoại và các cam kết tại nhà văn hóa và trên cổng thông tin."
                    else:
                        status = "held"
            created = dt.datetime.combine(announced, dt.time(9, 0), TZ)
            dialogues.append(
                (
                    dialogue_id,
                    org_id,
                    unit_id,
                    f"{title} {name}"[:300],
                    "Lắng nghe ý kiến, kiến nghị của nhân dân; trả lời và thống nhất cách giải quyết.",
                    w.topics[topic_code],
                    starts,
                    f"Hội trường UBND {name}"[:300],
                    status,
                    announced,
                    held_on,
                    minutes,
                    participants,
                    results,
                    published_on,
                    cancel,
                    officer,
                    created,
                    created,
                )
            )
            for n in range(rng.randint(2, 5)):
                source = "citizen" if n % 2 == 0 else "floor"
                answer = "Lãnh đạo đã trả lời và giao cơ quan chuyên môn thực hiện." if held_on else ""
                questions.append(
                    (
                        question_id,
                        dialogue_id,
                        source,
                        rng.choice(V.DIALOGUE_QUESTIONS),
                        None,
                        answer,
                        "Chủ tịch UBND" if held_on else "",
                        created,
                    )
                )
                if held_on and rng.random() < 0.4:
                    deadline = held_on + dt.timedelta(days=rng.randint(30, 120))
                    done = deadline <= END and rng.random() < 0.7 or rng.random() < 0.15
                    done_on = (
                        min(END, held_on + dt.timedelta(days=rng.randint(10, (deadline - held_on).days)))
                        if done
                        else None
                    )
                    commitments.append(
                        (
                            commitment_id,
                            dialogue_id,
                            question_id,
                            rng.choice(V.COMMITMENTS),
                            org_id,
                            deadline,
                            "done" if done else "open",
                            "Đã thực hiện, có biên bản nghiệm thu và hình ảnh." if done else "",
                            done_on,
                            officer,
                            created,
                            created,
                        )
                    )
                    commitment_id += 1
                question_id += 1
            dialogue_id += 1
    copy_rows(
        Dialogue,
        [
            "id",
            "organization_id",
            "unit_id",
            "title",
            "description",
            "topic_id",
            "starts_at",
            "place",
            "status",
            "announced_on",
            "held_on",
            "minutes",
            "participants",
            "results",
            "published_on",
            "cancel_reason",
            "created_by_id",
            "created_at",
            "updated_at",
        ],
        dialogues,
    )
    copy_rows(
        DialogueQuestion,
        ["id", "dialogue_id", "source", "text", "case_id", "answer", "answered_by", "created_at"],
        questions,
    )
    copy_rows(
        Commitment,
        [
            "id",
            "dialogue_id",
            "question_id",
            "text",
            "owner_id",
            "deadline",
            "status",
            "evidence",
            "done_on",
            "created_by_id",
            "created_at",
            "updated_at",
        ],
        commitments,
    )
    for model in (Dialogue, DialogueQuestion, Commitment):
        reset_sequence(model)
    ctx.log(
        f"  đối thoại: {vn_int(len(dialogues))} hội nghị, {vn_int(len(questions))} câu hỏi, "
        f"{vn_int(len(commitments))} cam kết"
    )
    return len(dialogues)
