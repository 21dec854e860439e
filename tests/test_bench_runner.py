"""`make bench` merges every benchmark's newest result into one file per database and a markdown summary."""

import importlib.util
import json
from pathlib import Path

import pytest

RUNNER = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


@pytest.fixture
def runner(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("bench_runner", RUNNER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "RESULTS", tmp_path)
    return module


def _result(path: Path, rows: list[dict]) -> None:
    path.write_text(json.dumps({"benchmark": "x", "db": "sqlite", "peak_rss_mb": 80.5, "rows": rows}))


def _row(name, p95, floor_p95, met):
    return {"name": name, "p50_ms": p95 / 2, "p95_ms": p95, "p99_ms": p95 * 1.1, "n": 10,
            "floor": {"p95_ms": floor_p95}, "ratio_p95": round(p95 / floor_p95, 2), "target_p95_ms": 10.0,
            "ratio_target": 3.0, "met": met}  # fmt: skip


def test_it_merges_the_newest_result_of_each_benchmark_and_counts_targets(runner, tmp_path):
    _result(tmp_path / "2026-11-01-geo-sqlite.json", [_row("old", 9.0, 1.0, False)])
    _result(tmp_path / "2026-11-20-geo-sqlite.json", [_row("communes", 2.0, 1.0, True)])
    _result(tmp_path / "2026-11-20-cases-sqlite.json", [_row("queue", 12.0, 1.0, False)])

    summary = runner.write_summary(["sqlite"], ["geo", "cases", "reports"], {("reports", "sqlite"): 1})

    merged = json.loads(next(tmp_path.glob("????-??-??-sqlite.json")).read_text())
    assert merged["targets_met"] == 1
    assert merged["targets_not_met"] == 1
    assert merged["benchmarks"]["geo"]["file"] == "2026-11-20-geo-sqlite.json"
    assert merged["failed_to_run"] == {"reports": 1}
    text = summary.read_text()
    assert "| communes | 1.00 | 2.00 |" in text
    assert "| queue |" in text and "| **no** |" in text
    assert "**failed to run** (exit 1)" in text
    assert "old" not in text
    assert (tmp_path / "SUMMARY.md").read_text() == text


def test_a_row_without_a_target_is_shown_but_not_counted(runner, tmp_path):
    info = {**_row("submission", 50.0, 5.0, True), "target_p95_ms": None, "ratio_target": None}
    _result(tmp_path / "2026-11-20-http-sqlite.json", [info, _row("lookup", 2.0, 1.0, True)])

    summary = runner.write_summary(["sqlite"], ["http"], {})

    merged = json.loads(next(tmp_path.glob("????-??-??-sqlite.json")).read_text())
    assert (merged["targets_met"], merged["targets_not_met"]) == (1, 0)
    assert "| – | no target |" in summary.read_text()


def test_the_summary_says_how_fast_the_machine_was(runner, tmp_path):
    # These machines differ between sessions and from minute to minute: the summary carries each run's calibration.
    for name, speed in (("geo", 61.2), ("cases", 108.4)):
        doc = {"benchmark": name, "db": "sqlite", "cpu_model": "Xeon", "calibration_ms": speed, "rows": []}
        (tmp_path / f"2026-11-20-{name}-sqlite.json").write_text(json.dumps(doc))

    text = runner.write_summary(["sqlite"], ["geo", "cases"], {}).read_text()

    assert "Machine: Xeon." in text
    assert "geo 61.2, cases 108.4" in text


def _page(name, p95, queries, target=50.0):
    return {"name": name, "user": "province", "p50_ms": p95 / 2, "p95_ms": p95, "queries": queries,
            "target_p95_ms": target, "met": p95 <= target}  # fmt: skip


def test_the_pages_come_first_with_the_scales_side_by_side(runner, tmp_path):
    for scale, p95 in (("0.1", 10.0), ("1.0", 60.0)):
        (tmp_path / f"2026-12-06-pages-{scale}-sqlite.json").write_text(
            json.dumps({"db": "sqlite", "calibration_ms": 42.0, "rows": [_page("queue", p95, 7), _page("home", 5, 9)]})
        )
    _result(tmp_path / "2026-11-20-geo-sqlite.json", [_row("communes", 2.0, 1.0, True)])

    text = runner.write_summary(["sqlite"], ["pages", "geo"], {}).read_text()

    assert text.index("| page | user | 0.1 p50") < text.index("| benchmark |")
    # 0.1 and 1.0 side by side; a page over budget at either scale is not met, and each scale's row counts.
    assert "| queue | province | 5.00 | 10.00 | 7 | 30.00 | 60.00 | 7 | ≤ 50 ms | **no** |" in text
    assert "| home | province | 2.50 | 5.00 | 9 | 2.50 | 5.00 | 9 | ≤ 50 ms | yes |" in text
    merged = json.loads(next(tmp_path.glob("????-??-??-sqlite.json")).read_text())
    assert (merged["targets_met"], merged["targets_not_met"]) == (4, 1)


def test_the_lookups_with_the_counter_in_redis_are_merged_beside_the_http_rows(runner, tmp_path):
    lookup = {**_row("public status lookup (page)", 20.0, 5.0, False), "throughput_per_s": 614.0}
    _result(tmp_path / "2026-12-07-http-sqlite.json", [_row("public status lookup (page)", 30.0, 5.0, False)])
    _result(tmp_path / "2026-12-07-http_redis-sqlite.json", [lookup])

    summary = runner.write_summary(["sqlite"], runner.all_names(), {})

    merged = json.loads(next(tmp_path.glob("????-??-??-sqlite.json")).read_text())
    assert merged["benchmarks"]["http_redis"]["file"] == "2026-12-07-http_redis-sqlite.json"
    assert merged["benchmarks"]["http"]["file"] == "2026-12-07-http-sqlite.json"
    text = summary.read_text()
    assert text.index("http_redis") > text.index("http")
    assert runner.EXTRA_RUNS["http_redis"][:2] == ["http_bench.py", "--redis"]
