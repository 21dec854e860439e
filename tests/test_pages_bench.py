"""The pages benchmark times what the pages send (issue 19): its search and filter URLs are the pages' own forms,
submitted as a browser would, and they reach the views as the filters the page would apply.

The measurement itself is a command, `benchmarks/pages_bench.py`, not a test: no timing here.
"""

import importlib.util
import sys
import urllib.parse
from pathlib import Path

import pytest
from django.test import RequestFactory

from cases import selectors as case_selectors
from cases import views as case_views
from tests.base import BaseTestCase

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks" / "pages_bench.py"


def _bench():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location("pages_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["pages_bench"] = module  # its dataclass looks its module up while the file runs
    spec.loader.exec_module(module)
    return module


bench = _bench()

FORM = """
<form method="post"><input name="csrfmiddlewaretoken" value="x"><input name="title" value="no"></form>
<form method="get" class="filters">
  <select name="scope"><option value="">Mine</option><option value="area">Area</option></select>
  <select name="status"><option value="">All</option><option value="open" selected>Open</option></select>
  <label><input type="checkbox" name="late"> late</label>
  <label><input type="checkbox" name="mine" checked> mine</label>
  <input type="search" name="q" value="">
  <input type="hidden" name="year" value="2026">
  <button type="submit" name="go">Lọc</button>
</form>
"""


def test_a_forms_query_is_what_a_browser_submits():
    query = urllib.parse.parse_qsl(bench.form_query(FORM, {"q": "đất đai"}), keep_blank_values=True)
    # The first option when none is selected, the selected one otherwise; an unchecked box and the button are not
    # sent; the POST form is not a filter form.
    assert query == [("scope", ""), ("status", "open"), ("mine", "on"), ("q", "đất đai"), ("year", "2026")]
    assert bench.form_query(FORM, {"scope": "area"}).startswith("scope=area&status=open")


def test_a_field_the_form_does_not_have_is_refused():
    with pytest.raises(ValueError, match="no field"):
        bench.form_query(FORM, {"trang_thai": "open"})


def test_every_scale_has_its_own_dataset():
    env01, env10 = bench.database_env("postgres", "0.1"), bench.database_env("postgres", "1.0")
    assert "search_path%3Dscale_0_1" in env01["BENCH_DATABASE_URL"]
    assert "?" not in env10["BENCH_DATABASE_URL"]
    assert bench.database_env("sqlite", "0.1")["BENCH_SQLITE_PATH"].endswith("pages-0.1.sqlite3")


def test_budgets_by_kind():
    page = bench.Page("x", "province", "/")
    assert (page.target_ms, bench.Page("s", "province", "/", kind="search").target_ms) == (50, 100)
    row = bench.result_row(bench.Page("w", "province", "/", kind="word"), {"p50_ms": 300, "p95_ms": 499}, 7, 10)
    assert row["met"] and row["queries"] == 7 and row["target_p95_ms"] == 500


class SubmittedSearchTest(BaseTestCase):
    """The case search row: the URL the bench times is the queue page's form with the words typed in, and the view
    reads from it the filters the page applies to that search (open cases of the officer's bodies, as the form's
    default status says) — not a search without the page's filters, as the selector benchmark's row once was."""

    def _filters(self, url: str) -> case_selectors.QueueFilters:
        path, _, query = url.partition("?")
        assert path == "/y-kien/"
        return case_views._queue_filters(RequestFactory().get(path, urllib.parse.parse_qs(query)))

    def test_the_search_row_is_the_queue_forms_request(self):
        self.login(self.p.province_officer)
        url = bench.submitted_url(self.client, "/y-kien/", {"q": bench.SEARCH_WORDS})
        self.assertEqual(
            self._filters(url), case_selectors.QueueFilters(status="open", q=bench.SEARCH_WORDS, mine=True)
        )
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_the_filter_rows_are_the_queue_forms_requests(self):
        self.login(self.p.province_officer)
        overdue = bench.submitted_url(self.client, "/y-kien/", {"han": "overdue"})
        area = bench.submitted_url(self.client, "/y-kien/", {"pham_vi": "dia-ban", "q": bench.SEARCH_WORDS})
        self.assertEqual(self._filters(overdue), case_selectors.QueueFilters(status="open", when="overdue"))
        self.assertEqual(
            self._filters(area), case_selectors.QueueFilters(status="open", q=bench.SEARCH_WORDS, mine=False)
        )

    def test_the_practices_search_row_is_the_lists_form(self):
        self.login(self.p.province_officer)
        url = bench.submitted_url(self.client, "/dan-van-kheo/", {"q": bench.PRACTICE_WORDS})
        sent = dict(urllib.parse.parse_qsl(url.partition("?")[2], keep_blank_values=True))
        self.assertEqual(sent["q"], bench.PRACTICE_WORDS)
        form = bench.get_forms(self.client.get("/dan-van-kheo/").content.decode())[0]
        self.assertEqual(set(sent), {name for name, _ in form})
        self.assertEqual(self.client.get(url).status_code, 200)


class BoardRowsTest(BaseTestCase):
    """The conference board is measured twice: as its screens poll it (its body from the page cache) and as the first
    viewer after a change sees it (the page cache emptied before each call, untimed). The query count is that of a
    request made as the timed ones are."""

    def board(self) -> str:
        """A period's board, signed in as the central officer: its path."""
        from reports.models import Period, ReportForm

        form = ReportForm.objects.create(name="Báo cáo thử", code="thu")
        period = Period.objects.create(
            form=form, year=2026, number=1, label="6 tháng đầu năm 2026", start="2025-12-15", end="2026-06-14",
            due_date="2026-06-20",
        )  # fmt: skip
        self.client.force_login(self.p.central)
        return f"/bao-cao/hoi-nghi/{period.pk}/"

    def test_the_fresh_row_reads_the_figures_the_polled_row_does_not(self):
        path = self.board()
        polled = bench.measure_page(self.client, bench.Page("b", "national", path), iterations=2, warmup=1)
        fresh = bench.measure_page(self.client, bench.Page("b", "national", path, fresh=True), iterations=2, warmup=1)
        self.assertEqual(fresh[1] - polled[1], 2)  # the children and the states (no key figures on this form)

    def test_the_poll_row_sends_what_htmx_sends_and_gets_the_fragment(self):
        path = self.board()
        # The board's element asks for its own URL every 5 s, as htmx does (reports/board.html).
        page_html = self.client.get(path).content.decode()
        self.assertIn(f'<div id="board" hx-get="{path}" hx-trigger="every 5s"', page_html)
        headers = bench.htmx_poll_environ(path)
        self.assertEqual(headers["HTTP_HX_REQUEST"], "true")
        poll = self.client.get(path, **headers)
        self.assertEqual([t.name for t in poll.templates][0], "reports/_board.html")
        self.assertNotIn("<html", poll.content.decode())
        self.assertIn('id="board-submitted"', poll.content.decode())
        row = bench.Page("p", "national", path, headers=headers)
        _quantiles, _queries, size = bench.measure_page(self.client, row, iterations=2, warmup=1)
        self.assertEqual(size, len(poll.content))  # the fragment, not the page
