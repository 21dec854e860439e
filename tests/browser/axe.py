"""Accessibility checks in the browser tests: axe-core (vendored, tests/browser/vendor/) run inside the page.

``serious_violations(page)`` injects axe into the current page (as a script the test adds, so the page's own
Content-Security-Policy does not apply to it) and returns the violations of impact "serious" or "critical" as
short strings; a test asserts the list is empty.
"""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe.min.js"


def serious_violations(page, *, exclude_rules: tuple[str, ...] = ()) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    result = page.evaluate(
        """async (disabled) => {
            const rules = {};
            for (const id of disabled) rules[id] = {enabled: false};
            return await axe.run(document, {rules, resultTypes: ["violations"]});
        }""",
        list(exclude_rules),
    )
    found = []
    for violation in result["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {targets}")
    return found
