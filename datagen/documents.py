"""50,000 documents (at scale 1.0) in the library: resolutions, decisions, directives, plans… of central, provincial
and commune bodies, 2010–2026, most with the text of their file, some replaced by a later one, a fifth internal.

Numbers restart each year per issuer and kind, as real registers do, so a key like "kh12" is shared by many documents
(the lookup's worst case is realistic). Texts are drawn from a small vocabulary.
"""

from __future__ import annotations

import datetime as dt

from datagen import vocabulary as V
from datagen.base import END, Context, at, bulk_load, chunks, insert, keep_timestamps, weighted
from documents.models import Document, Extraction, Kind, Status, Visibility
from geo.models import AdminUnit, Level

TOTAL = 50_000
START = dt.date(2010, 1, 1)
# Marks generated rows (no file is behind them), so a second run skips the library.
GENERATED = "generated"

KIND_WEIGHTS = [
    (Kind.PLAN, 26),
    (Kind.REPORT, 18),
    (Kind.NOTICE, 12),
    (Kind.GUIDANCE, 10),
    (Kind.DECISION, 10),
    (Kind.PROGRAMME, 7),
    (Kind.RESOLUTION, 6),
    (Kind.CONCLUSION, 5),
    (Kind.DIRECTIVE, 4),
    (Kind.REGULATION, 2),
]
LETTERS = {
    Kind.RESOLUTION: "NQ",
    Kind.DECISION: "QĐ",
    Kind.DIRECTIVE: "CT",
    Kind.CONCLUSION: "KL",
    Kind.GUIDANCE: "HD",
    Kind.PLAN: "KH",
    Kind.PROGRAMME: "CTr",
    Kind.REGULATION: "QĐ",
    Kind.NOTICE: "TB",
    Kind.REPORT: "BC",
}
# (issuer, symbol suffix, Party style?) — Party: "12-KH/TU"; State: "12/KH-UBND".
CENTRAL_ISSUERS = [
    ("Ban Chấp hành Trung ương Đảng", "TW", True),
    ("Bộ Chính trị", "TW", True),
    ("Ban Bí thư", "TW", True),
    ("Ban Tuyên giáo và Dân vận Trung ương", "BTGDVTW", True),
    ("Thủ tướng Chính phủ", "TTg", False),
    ("Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "MTTW", True),
]
PROVINCE_BODIES = [
    ("Tỉnh ủy", "TU", True),
    ("Ban Tuyên giáo và Dân vận Tỉnh ủy", "BTGDVTU", True),
    ("UBND", "UBND", False),
]
SUBJECTS = [
    "Về tăng cường công tác dân vận trong {theme}",
    "Thực hiện phong trào thi đua “Dân vận khéo” gắn với {theme}",
    "Học tập, quán triệt và triển khai thực hiện Quy chế công tác dân vận trong {theme}",
    "Sơ kết công tác dân vận 6 tháng, phương hướng nhiệm vụ về {theme}",
    "Tổng kết chương trình phối hợp công tác dân vận về {theme}",
    "Đẩy mạnh thực hiện dân chủ ở cơ sở trong {theme}",
    "Kiểm tra, giám sát việc thực hiện công tác dân vận về {theme}",
]
PARAGRAPHS = [
    "Cấp ủy, chính quyền các cấp tăng cường lãnh đạo, chỉ đạo công tác dân vận; phát huy vai trò Mặt trận Tổ quốc "
    "và các đoàn thể chính trị – xã hội.",
    "Các cơ quan, đơn vị tổ chức học tập, quán triệt đến toàn thể cán bộ, đảng viên, đoàn viên, hội viên và báo cáo "
    "kết quả về cơ quan thường trực.",
    "Phát huy quyền làm chủ của nhân dân theo phương châm dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, "
    "dân thụ hưởng.",
    "Lực lượng Công an, Quân sự, Biên phòng phối hợp với ban dân vận giúp nhân dân phát triển kinh tế, xây dựng "
    "nông thôn mới, bảo đảm an ninh trật tự.",
    "Kịp thời nắm bắt tâm tư, nguyện vọng của nhân dân; giải quyết dứt điểm kiến nghị chính đáng, không để phát sinh "
    "điểm nóng.",
    "Định kỳ sơ kết, tổng kết, biểu dương, khen thưởng tập thể, cá nhân có thành tích tiêu biểu.",
    "Kinh phí thực hiện từ ngân sách theo phân cấp và nguồn xã hội hóa, bảo đảm công khai, minh bạch.",
]


def _days(rng, count: int) -> list[dt.date]:
    span = (END - START).days
    # More documents in recent years: a triangular draw leaning towards the end.
    return sorted(START + dt.timedelta(days=int(rng.triangular(0, span, span))) for _ in range(count))


def generate_documents(ctx: Context) -> int:
    if Document.objects.filter(file_token=GENERATED).exists():
        ctx.log("  văn bản: đã có, bỏ qua")
        return 0
    rng = ctx.rng
    total = ctx.scaled(TOTAL)
    provinces = list(
        AdminUnit.objects.filter(level=Level.PROVINCE, valid_to__gt=dt.date(2025, 7, 1)).values_list("name", flat=True)
    ) or ["Tỉnh Lâm Đồng"]
    issuers = [(name, suffix, party, 30) for name, suffix, party in CENTRAL_ISSUERS]
    for province in provinces:
        short = province.removeprefix("Tỉnh ").removeprefix("Thành phố ")
        issuers += [(f"{body} {short}", suffix, party, 4) for body, suffix, party in PROVINCE_BODIES]
    themes = V.THEMES
    numbers: dict[tuple[str, str, int], int] = {}
    made = 0
    replaceable: list[Document] = []
    with keep_timestamps(Document), bulk_load(Document):
        for batch in chunks(_days(rng, total)):
            rows = []
            for day in batch:
                kind = weighted(rng, KIND_WEIGHTS)
                issuer, suffix, party, _w = weighted(rng, [(i, i[3]) for i in issuers])
                register = (issuer, kind, day.year)
                numbers[register] = numbers.get(register, 0) + rng.randint(1, 3)
                number = numbers[register]
                letters = LETTERS[kind]
                code = f"{number:02d}-{letters}/{suffix}" if party else f"{number}/{letters}-{suffix}"
                theme = weighted(rng, themes)
                title = rng.choice(SUBJECTS).format(theme=theme)
                has_text = rng.random() < 0.8
                text = " ".join(rng.sample(PARAGRAPHS, rng.randint(2, 4))) if has_text else ""
                document = Document(
                    code=code,
                    kind=kind,
                    title=title,
                    issuer=issuer,
                    issued_on=day if rng.random() < 0.97 else None,
                    summary=f"{title}. {rng.choice(PARAGRAPHS)}",
                    visibility=Visibility.INTERNAL if rng.random() < 0.2 else Visibility.PUBLIC,
                    file_token=GENERATED,
                    file_kind="pdf",
                    extraction=Extraction.DONE if has_text else Extraction.FAILED,
                    text=text,
                    created_at=at(day, rng),
                    updated_at=at(day, rng),
                )
                document.derive()
                rows.append(document)
            created = insert(Document, rows)
            made += len(created)
            replaceable += [d for d in created if d.kind in (Kind.PLAN, Kind.GUIDANCE) and rng.random() < 0.1]
        # About one plan or guidance in ten is replaced by a later one of the same issuer and kind.
        by_register: dict[tuple[str, str], list[Document]] = {}
        for d in replaceable:
            by_register.setdefault((d.issuer, d.kind), []).append(d)
        for group in by_register.values():
            for older, newer in zip(group, group[1:], strict=False):
                Document.objects.filter(pk=older.pk).update(status=Status.REPLACED, replaced_by=newer.pk)
    ctx.log(f"  văn bản: {made}")
    return made
