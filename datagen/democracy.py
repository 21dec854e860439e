"""Grassroots democracy at national scale: the 2026 obligations calendar of every commune, the disclosures that
fulfilled it (on time, late, or missing), consultations with their counts, People's Inspection Boards with their
sessions and recommendations (some overdue)."""

from __future__ import annotations

import datetime as dt

from datagen.base import END, TZ, Context, copy_rows, next_id, reset_sequence
from democracy.models import (
    Board,
    Consultation,
    Disclosure,
    DisclosureCategory,
    DisclosureChannel,
    Obligation,
    Option,
    PassingRule,
    Recommendation,
    SupervisionSession,
)
from democracy.obligations import build
from geo.models import AdminUnit, Level
from orgs.models import Membership, Role

YEAR = 2026
AD_HOC = ["du-an-dau-tu", "thu-hoi-dat", "ket-qua-thanh-tra", "thu-tuc-hanh-chinh", "quy-hoach-su-dung-dat"]
SUBJECTS = [
    "Mức đóng góp xây dựng đường giao thông nông thôn",
    "Chủ trương bê tông hóa kênh mương nội đồng",
    "Dự thảo kế hoạch sử dụng đất năm sau",
    "Mức đóng góp xây dựng nhà văn hóa thôn",
    "Phương án bồi thường, hỗ trợ giải phóng mặt bằng",
]


def _bodies() -> dict[int, dict[str, tuple[int, int]]]:
    """commune unit id → {org type code: (organisation id, officer user id)} of the generated bodies."""
    rows = Membership.objects.filter(
        user__username__startswith="gen.", role=Role.OFFICER, organization__unit__level=Level.COMMUNE,
        organization__org_type__code__in=("ubnd", "mttq"),
    ).values_list("organization__unit_id", "organization__org_type__code", "organization_id", "user_id")  # fmt: skip
    out: dict[int, dict[str, tuple[int, int]]] = {}
    for unit_id, code, org_id, user_id in rows:
        out.setdefault(unit_id, {})[code] = (org_id, user_id)
    return out


def generate_democracy(ctx: Context) -> None:
    if Obligation.objects.filter(period_start__year=YEAR).exists():
        ctx.log("  dân chủ cơ sở: đã có, bỏ qua")
        return
    bodies = _bodies()
    communes = list(
        AdminUnit.objects.filter(pk__in=list(bodies), level=Level.COMMUNE).only("pk", "valid_from", "valid_to")
    )
    categories = list(DisclosureCategory.objects.filter(is_active=True))
    by_code = {c.code: c for c in categories}
    recurring = [c for c in categories if c.recurrence != "none"]
    rng = ctx.rng
    now = dt.datetime.combine(END, dt.time(12), TZ)
    disclosure_id, channel_id, obligation_id = next_id(Disclosure), next_id(DisclosureChannel), next_id(Obligation)
    disclosures, channels, obligations = [], [], []

    def disclose(unit_id, org, user, category, title, published_on, period_start=None):
        nonlocal disclosure_id, channel_id
        pk = disclosure_id
        disclosure_id += 1
        speaker_days = 0
        if category.min_broadcast_days or rng.random() < 0.3:
            speaker_days = 3 if rng.random() < 0.93 else rng.randint(1, 2)
        taken_down = published_on + dt.timedelta(days=30 if rng.random() < 0.95 else rng.randint(5, 25))
        if taken_down > END:
            taken_down = None
        defects = int(taken_down is not None and (taken_down - published_on).days < category.min_posting_days)
        defects += int(bool(category.min_broadcast_days) and 0 < speaker_days < category.min_broadcast_days)
        number = f"{rng.randint(1, 400)}/BC-UBND"
        disclosures.append((pk, unit_id, org, category.pk, title, "", period_start, number, published_on,
                            "Ủy ban nhân dân xã", "published", published_on, defects, user, now, now))  # fmt: skip
        channels.append((channel_id, pk, "notice_board", published_on, taken_down, 0, "", ""))
        channels.append((channel_id + 1, pk, "website", published_on, None, 0, f"https://xa.gov.vn/cong-khai/{pk}", ""))
        channel_id += 2
        if speaker_days:
            channels.append((channel_id, pk, "loudspeaker", published_on, None, speaker_days, "", ""))
            channel_id += 1
        return pk

    for unit in communes:
        org, user = bodies[unit.pk]["ubnd"]
        for o in build([unit], recurring, YEAR):
            done_on = disclosure = None
            if o.due_on <= END:
                roll = rng.random()
                if roll < 0.75:
                    done_on = o.due_on - dt.timedelta(days=rng.randint(0, 20))
                elif roll < 0.87:
                    done_on = min(END, o.due_on + dt.timedelta(days=rng.randint(1, 40)))
            if done_on is not None:
                disclosure = disclose(unit.pk, org, user, o.category, f"{o.category.name} – {o.label}", done_on,
                                      o.period_start)  # fmt: skip
            obligations.append((obligation_id, unit.pk, o.category.pk, o.period_start, o.period_end, o.label, o.due_on,
                                disclosure, done_on))  # fmt: skip
            obligation_id += 1
        for _ in range(rng.randint(0, 3)):
            category = by_code[rng.choice(AD_HOC)]
            day = dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randint(0, (END - dt.date(YEAR, 1, 1)).days))
            disclose(unit.pk, org, user, category, category.name, day)
    copy_rows(Disclosure, ["id", "unit_id", "organization_id", "category_id", "title", "content", "period_start",
                           "document_number", "document_date", "document_issuer", "status", "published_on",
                           "defect_count", "created_by_id", "created_at", "updated_at"], disclosures)  # fmt: skip
    copy_rows(DisclosureChannel, ["id", "disclosure_id", "channel", "posted_on", "taken_down_on", "broadcast_days",
                                  "url", "note"], channels)  # fmt: skip
    copy_rows(Obligation, ["id", "unit_id", "category_id", "period_start", "period_end", "label", "due_on",
                           "disclosure_id", "done_on"], obligations)  # fmt: skip
    for model in (Disclosure, DisclosureChannel, Obligation):
        reset_sequence(model)
    ctx.log(f"  công khai: {len(obligations)} nghĩa vụ, {len(disclosures)} nội dung, {len(channels)} hình thức")
    _consultations(ctx, communes, bodies, now)
    _supervision(ctx, communes, bodies, now)


def _consultations(ctx: Context, communes, bodies, now) -> None:
    rng = ctx.rng
    rules = {r.code: r for r in PassingRule.objects.all()}
    cid, oid = next_id(Consultation), next_id(Option)
    rows, options = [], []
    for unit in communes:
        org, user = bodies[unit.pk]["ubnd"]
        for _ in range(rng.randint(1, 3)):
            opens = dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randint(0, 280))
            closes = opens + dt.timedelta(days=rng.randint(3, 20))
            commune_wide = rng.random() < 0.4
            rule = rules["hai-phan-ba-tong-so-ho" if commune_wide else "quan-ba-tong-so-ho"]
            eligible = rng.randint(300, 4000) if commune_wide else rng.randint(40, 400)
            participating = int(eligible * rng.uniform(0.6, 0.98))
            yes = int(participating * rng.uniform(0.4, 0.95))
            passed = rule.passes(yes, eligible=eligible, participating=participating)
            closed = closes <= END
            status = "published" if closed else "open"
            rows.append((cid, unit.pk, org, rng.choice(SUBJECTS), "", "commune" if commune_wide else "village",
                         "" if commune_wide else f"Thôn {rng.randint(1, 12)}", "decide",
                         rng.choice(("meeting", "ballot")), rule.pk, None, eligible,
                         participating if closed else 0, dt.datetime.combine(opens, dt.time(7), TZ),
                         dt.datetime.combine(closes, dt.time(17), TZ), status,
                         ("passed" if passed else "failed") if closed else "", "" , closes if closed else None,
                         closes + dt.timedelta(days=2) if closed else None, "", user, now, now))  # fmt: skip
            options.append((oid, cid, "Đồng ý", True, yes if closed else 0, 0))
            options.append((oid + 1, cid, "Không đồng ý", False, participating - yes if closed else 0, 1))
            cid, oid = cid + 1, oid + 2
    copy_rows(Consultation, ["id", "unit_id", "organization_id", "subject", "description", "scope", "village", "kind",
                             "form", "rule_id", "dialogue_id", "eligible_households", "participating_households",
                             "opens_at", "closes_at", "status", "outcome", "result_text", "closed_on", "published_on",
                             "approval_document", "created_by_id", "created_at", "updated_at"], rows)  # fmt: skip
    copy_rows(Option, ["id", "consultation_id", "label", "approves", "votes", "ordering"], options)
    reset_sequence(Consultation)
    reset_sequence(Option)
    ctx.log(f"  lấy ý kiến: {len(rows)} cuộc")


def _supervision(ctx: Context, communes, bodies, now) -> None:
    rng = ctx.rng
    bid, sid, rid = next_id(Board), next_id(SupervisionSession), next_id(Recommendation)
    boards, sessions, recs = [], [], []
    for unit in communes:
        mttq, user = bodies[unit.pk].get("mttq", bodies[unit.pk]["ubnd"])
        addressee = bodies[unit.pk]["ubnd"][0]
        boards.append((bid, unit.pk, mttq, "inspection", "Ban Thanh tra nhân dân", "", dt.date(2025, 7, 1),
                       dt.date(2030, 6, 30), user, now))  # fmt: skip
        for _ in range(rng.randint(1, 3)):
            held = dt.date(YEAR, 1, 5) + dt.timedelta(days=rng.randint(0, 280))
            sessions.append((sid, bid, unit.pk, held, "Giám sát thu, chi quỹ đóng góp của Nhân dân", "", user, now))
            for _ in range(rng.randint(0, 2)):
                due = held + dt.timedelta(days=15)
                roll = rng.random()
                if due < END and roll < 0.8:
                    answered = due - dt.timedelta(days=rng.randint(0, 10)) if roll < 0.7 else due + dt.timedelta(days=5)
                    answered = min(answered, END)
                    row = ("closed" if roll < 0.5 else "answered", "Đã tiếp thu, khắc phục.", answered)
                else:
                    row = ("open", "", None)
                recs.append((rid, sid, unit.pk, "Đề nghị công khai chứng từ thu, chi", addressee, due, *row,
                             None, user, now, now))  # fmt: skip
                rid += 1
            sid += 1
        bid += 1
    copy_rows(Board, ["id", "unit_id", "organization_id", "kind", "name", "project", "term_start", "term_end",
                      "created_by_id", "created_at"], boards)  # fmt: skip
    copy_rows(SupervisionSession, ["id", "board_id", "unit_id", "held_on", "subject", "findings", "created_by_id",
                                   "created_at"], sessions)  # fmt: skip
    copy_rows(Recommendation, ["id", "session_id", "unit_id", "text", "addressee_id", "answer_due", "status",
                               "answer", "answered_on", "closed_on", "created_by_id", "created_at", "updated_at"],
              recs)  # fmt: skip
    for model in (Board, SupervisionSession, Recommendation):
        reset_sequence(model)
    ctx.log(f"  giám sát: {len(boards)} ban, {len(sessions)} cuộc, {len(recs)} kiến nghị")
