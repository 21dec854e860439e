"""Every stored narrative becomes allow-listed HTML (issue 18, stored XSS through the narrative).

Before, a value the server's own pattern did not take for HTML was stored as typed; the editor's script read more of
it as HTML (``< p>`` …) and ran it. This rewrites each section once: HTML is sanitised again, plain text is escaped into
paragraphs. The sanitiser is copied here, frozen, so a later change to reports/richtext.py cannot change what this
migration did. Reversing it keeps the cleaned values: the old ones are what made the hole.
"""

import html
import re

import nh3
from django.db import migrations

ALLOWED_TAGS = {"p", "div", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li"}
LOOKS_HTML = re.compile(r"</?[a-zA-Z][^<>]*>|<!--")
TAGS = re.compile(r"<[^>]*>")


def _sanitise(value):
    clean = nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes={},
        url_schemes=set(),
        strip_comments=True,
        link_rel=None,
        clean_content_tags={"script", "style", "template", "iframe", "object", "noscript", "title"},
    )
    clean = clean.replace("&nbsp;", " ").replace("\xa0", " ")
    if not html.unescape(TAGS.sub("", clean)).strip():
        return ""
    return clean.strip()


def _clean(value):
    value = str(value or "")
    if not LOOKS_HTML.search(value):
        lines = [line.strip() for line in value.splitlines()]
        value = "".join(f"<p>{html.escape(line, quote=False)}</p>" for line in lines if line)
    return _sanitise(value)


def resanitise(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    changed = []
    for report in Report.objects.only("pk", "narrative").order_by("pk").iterator(chunk_size=500):
        if not isinstance(report.narrative, dict):
            continue
        cleaned = {key: _clean(text) for key, text in report.narrative.items()}
        if cleaned != report.narrative:
            report.narrative = cleaned
            changed.append(report)
        if len(changed) >= 500:
            Report.objects.bulk_update(changed, ["narrative"])
            changed = []
    if changed:
        Report.objects.bulk_update(changed, ["narrative"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_rollup_and_value_covering_indexes")]

    operations = [migrations.RunPython(resanitise, migrations.RunPython.noop)]
