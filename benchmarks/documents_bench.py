"""Benchmark of the document library's search (issue 23) over 50,000 generated documents.

    .venv/bin/python benchmarks/documents_bench.py --db sqlite|postgres [--scale 1.0]

Generates the library alone when the bench database holds fewer documents than the scale asks for
(``datagen.documents.generate_documents``; the rest of the national dataset is not needed). Each measurement reads
through the code the list page runs (``documents.selectors.document_list`` + the view's columns + ``CappedPaginator``:
a page of 30 and its count) and is paired with the same answer in hand-written SQL. Target: p95 ≤ 100 ms.
"""

import argparse
import random

from _harness import measure_pair, report, row, setup_django

TARGET_MS = 100.0
PAGE = 30
LOOKUP_FORMS = ["{n} {l}/tw", "{spoken} {n}", "{l} {n}", "{l}{n}", "{n}-{L}/TU", "{spoken} số {n}"]
SPOKEN = {
    "nq": "nghị quyết",
    "qd": "quyết định",
    "ct": "chỉ thị",
    "kl": "kết luận",
    "hd": "hướng dẫn",
    "kh": "kế hoạch",
}
NARROW = [
    "quán triệt quy chế công tác dân vận phòng chống ma túy",
    "chương trình phối hợp du lịch cộng đồng",
    "sơ kết 6 tháng khuyến học khuyến tài",
    "kiểm tra giám sát sạt lở",
    "dân chủ ở cơ sở tiêm chủng mở rộng",
    "tong ket chuong trinh phoi hop cham soc nguoi cao tuoi",
]
BROAD = ["công tác dân vận", "dân vận khéo", "nông thôn mới", "Mặt trận Tổ quốc", "cán bộ đảng viên"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    setup_django(args.db)

    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection

    from datagen.base import Context
    from datagen.documents import TOTAL, generate_documents
    from documents import selectors
    from documents.models import Document, Kind
    from documents.symbols import lookup_key
    from documents.views import LIST_COLUMNS
    from lib.fulltext import COUNT_CAP, SEARCH_COUNT_CAP
    from lib.paging import CappedPaginator
    from lib.vntext import fold_words
    from orgs.models import User

    call_command("migrate", verbosity=0)
    expected = round(TOTAL * args.scale)
    have = Document.objects.count()
    if have < expected:
        generate_documents(Context(scale=args.scale, seed=2026))
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE documents_document" if connection.vendor == "postgresql" else "ANALYZE")
    print("documents:", Document.objects.count())

    national, _ = User.objects.get_or_create(username="bench.vanban", defaults={"is_superuser": True})
    national_fields = {f.attname: getattr(national, f.attname) for f in User._meta.concrete_fields}
    rng = random.Random(23)
    vendor = connection.vendor

    def page_of(user, filters):
        # What documents.views.document_list does for a first page of a new request.
        qs = selectors.document_list(user, filters).select_related("replaced_by").only(*LIST_COLUMNS)
        page = CappedPaginator.for_search(qs, PAGE, filters.q).get_page(None)
        return [(d.code, d.title, d.replaced_by.code if d.replaced_by_id else "") for d in page], page.paginator.count

    cols = (
        "d.id, d.code, d.kind, d.title, d.issuer, d.issued_on, d.status, d.visibility, d.replaced_by_id, r.id, r.code, "
        "r.title, r.kind FROM documents_document d LEFT JOIN documents_document r ON r.id = d.replaced_by_id"
    )

    def sql_page(where, params, public: bool, cap=COUNT_CAP):
        if public:
            where = f"d.visibility = 'public' AND {where}"
        with connection.cursor() as c:
            c.execute(f"SELECT {cols} WHERE {where} ORDER BY d.id DESC LIMIT {PAGE}", params)  # noqa: S608
            rows = c.fetchall()
            if len(rows) < PAGE:
                return rows, len(rows)
            c.execute(
                f"SELECT COUNT(*) FROM (SELECT 1 FROM documents_document d WHERE {where} LIMIT %s) t",
                [*params, cap + 1],
            )  # noqa: S608
            return rows, c.fetchone()[0]

    # Lookups: keys taken from the data (kinds and numbers that exist), typed in the spoken and written forms.
    keys = list(
        Document.objects.filter(number_key__regex=r"^(nq|qd|ct|kl|hd|kh)[0-9]+$")
        .order_by("number_key")
        .values_list("number_key", flat=True)
        .distinct()[:2000]
    )
    keys = rng.sample(keys, min(60, len(keys)))
    lookups = []
    for key in keys:
        letters = key.rstrip("0123456789")
        number = key[len(letters) :]
        form = rng.choice(LOOKUP_FORMS)
        lookups.append(form.format(n=number, l=letters, L=letters.upper(), spoken=SPOKEN[letters]))
    assert all(lookup_key(q) for q in lookups), lookups

    def lookup_orm(user_fn):
        return lambda: page_of(user_fn(), selectors.DocumentFilters(q=rng.choice(lookups)))

    def lookup_sql(public):
        return lambda: sql_page("d.number_key = %s", [lookup_key(rng.choice(lookups))], public)

    def text_sql(queries, public):
        def run():
            words = fold_words(rng.choice(queries))
            if vendor == "sqlite":
                expr = " ".join(f'"{w}"' for w in words)
                where = "d.id IN (SELECT rowid FROM documents_document_fts WHERE documents_document_fts MATCH %s)"
            else:
                expr = " & ".join(words)
                where = "d.search_tsv @@ to_tsquery('simple', %s)"
            return sql_page(where, [expr], public, cap=SEARCH_COUNT_CAP)

        return run

    def text_orm(queries, user_fn):
        return lambda: page_of(user_fn(), selectors.DocumentFilters(q=rng.choice(queries)))

    def anonymous():
        return AnonymousUser()

    def signed_in():
        return User(**national_fields)  # as the authentication middleware hands the user over

    def filtered_orm():
        return page_of(
            anonymous(), selectors.DocumentFilters(kind=rng.choice(Kind.values), year=rng.randint(2012, 2026))
        )

    def filtered_sql():
        return sql_page("d.kind = %s AND d.year = %s", [rng.choice(Kind.values), rng.randint(2012, 2026)], True)

    counts = {q: selectors.document_list(signed_in(), selectors.DocumentFilters(q=q)).count() for q in NARROW + BROAD}
    print("matches:", counts)
    n = args.iterations
    rows = [
        row(
            'lookup ("qđ 23", "nq25"…), public, 30 + count',
            *measure_pair(lookup_orm(anonymous), lookup_sql(True), iterations=n),
            TARGET_MS,
        ),
        row(
            "lookup, signed-in national officer",
            *measure_pair(lookup_orm(signed_in), lookup_sql(False), iterations=n),
            TARGET_MS,
        ),
        row(
            "text search: narrow, public",
            *measure_pair(text_orm(NARROW, anonymous), text_sql(NARROW, True), iterations=n),
            TARGET_MS,
        ),
        row(
            "text search: broad (count capped), public",
            *measure_pair(text_orm(BROAD, anonymous), text_sql(BROAD, True), iterations=n),
            TARGET_MS,
        ),
        row(
            "text search: broad, signed-in",
            *measure_pair(text_orm(BROAD, signed_in), text_sql(BROAD, False), iterations=n),
            TARGET_MS,
        ),
        row("list: kind + year filter, public", *measure_pair(filtered_orm, filtered_sql, iterations=n), TARGET_MS),
    ]
    path = report("documents", args.db, rows)
    print(f"→ {path.relative_to(path.parents[2])}")


if __name__ == "__main__":
    main()
