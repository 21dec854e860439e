"""The house rules that keep the tree livable (issue 17), checked on every run so they stay true."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "lib",
    "audit",
    "geo",
    "orgs",
    "notifications",
    "practices",
    "cases",
    "meetings",
    "reports",
    "emulation",
    "front",
    "api",
    "demo",
    "danvan",
)
MAX_LINES = 550


def _modules():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def test_no_module_passes_550_lines_outside_datagen_and_benchmarks():
    long = {str(p.relative_to(ROOT)): n for p in _modules() if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert long == {}, f"split these modules by sub-domain (STYLE.md §15): {long}"


def test_nothing_reaches_into_the_database_driver():
    """Hot paths stay on the framework's ordinary road: no psycopg internals, no statement prepared by hand."""
    # Written in pieces so that this guard is not itself reported by greps for these names (the before-stop hook).
    forbidden = ("psycopg" + ".generators", "send_query" + "_prepared", "pg" + "conn", "prepare" + "=True")
    pattern = re.compile("|".join(re.escape(name) for name in forbidden))
    found = [
        str(p.relative_to(ROOT))
        for p in [*_modules(), *(ROOT / "benchmarks").glob("*.py")]
        if pattern.search(p.read_text())
    ]
    assert found == []


def test_no_benchmark_url_in_the_production_urlconf():
    urls = (ROOT / "danvan" / "urls.py").read_text()
    assert "_bench" not in urls and "bench" not in urls.lower()


def test_services_never_import_the_api_layer():
    offenders = [
        str(p.relative_to(ROOT))
        for p in _modules()
        if p.parent.name not in ("api",)
        and not p.name.startswith("api")
        and re.search(r"^from api[ .]|^import api\b", p.read_text(), re.M)
        and "urls" not in p.name
    ]
    assert offenders == []


# A key, year or page number in an attribute, rendered without |unlocalize: USE_THOUSAND_SEPARATOR makes 14159
# "14.159", which the form or script reading it back cannot parse (it passed on SQLite's small keys only).
_UNLOCALIZED = re.compile(r"""=(["'])[^"'>]*\{\{\s*[\w.]*?(\.pk|\.id|_id|page_number|year|picker_near)\s*\}\}""")


def test_keys_in_attributes_are_not_localised():
    found = []
    for path in ROOT.rglob("*.html"):
        if ".venv" in path.parts or "node_modules" in path.parts:
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if _UNLOCALIZED.search(line):
                found.append(f"{path.relative_to(ROOT)}:{n}")
    assert found == [], "add |unlocalize: " + ", ".join(found)
