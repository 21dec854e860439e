"""Issue 21: the demo tells a true, consistent story (Lâm Đồng with two communes): practices whose text matches
their field, reports on time and late (the roll-up never shows "Đúng hạn 0"), cases in every state, a held
dialogue, and nothing insulting."""

import io
import re

from django.core.management import call_command
from django.test import TestCase

from cases.intake import needs_moderation
from cases.models import Case
from cases.models import Status as CaseStatus
from demo.practices import PRACTICES
from geo.loader import load_units
from meetings.models import Dialogue, DialogueStatus
from orgs.models import User
from practices.models import Field, Practice
from reports import selectors
from reports.models import Period, Report

# Words a practice's story must use for its field (at least one), and the words of land clearance.
FIELD_WORDS = {
    Field.ECONOMY: ("kinh tế", "vốn", "thu nhập", "mặt bằng", "bồi thường", "thoát nghèo"),
    Field.SOCIETY: ("môi trường", "văn hóa", "cảnh quan", "rác", "rừng"),
    Field.DEFENCE: ("an ninh", "phòng cháy", "trật tự", "quốc phòng"),
    Field.POLITICS: ("chính quyền", "thủ tục", "dịch vụ công", "hệ thống chính trị"),
}
LAND_CLEARANCE = ("mặt bằng", "bồi thường", "tái định cư")
INSULTS = ("óc chó", "ngu", "khốn nạn", "đồ chó", "mất dạy", "súc vật")


class DemoStoryTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_units()
        call_command("load_demo", stdout=io.StringIO())

    def test_each_practice_tells_a_story_of_its_own_field(self):
        practices = list(
            Practice.objects.filter(name__in=[p[1] for p in PRACTICES], source__isnull=True).order_by("pk")
        )
        self.assertEqual(len(practices), len(PRACTICES))
        contents = set()
        for practice in practices:
            text = " ".join([practice.situation, practice.content, practice.outputs]).lower()
            contents.add(practice.content)
            self.assertTrue(
                any(w in text for w in FIELD_WORDS[practice.field]), f"{practice.name}: nothing of its field"
            )
            if "mặt bằng" not in practice.name.lower():
                self.assertFalse(any(w in text for w in LAND_CLEARANCE), f"{practice.name}: speaks of land clearance")
        self.assertEqual(len(contents), len(practices))  # no two practices share one text

    def test_reports_on_time_and_late_and_the_rollup_counts_the_on_time_ones(self):
        submitted = Report.objects.filter(submitted_at__isnull=False).select_related("period")
        on_time = [r for r in submitted if r.submitted_at.date() <= r.period.due_date]
        late = [r for r in submitted if r.submitted_at.date() > r.period.due_date]
        self.assertTrue(on_time)
        self.assertTrue(late)
        current = Period.objects.get(year=2026, number=1)
        communes = next(c for c in selectors.completeness(current, None) if c.label == "Cấp xã")
        self.assertGreater(communes.on_time, 0)
        self.client.force_login(User.objects.get(username="trunguong"))
        html = self.client.get(f"/bao-cao/tong-hop/{current.pk}/").content.decode()
        row = html[html.index("Cấp xã") :]
        row = row[: row.index("</tr>")]
        cells = [c.split("<")[0] for c in row.split('<td class="num">')[1:]]
        self.assertNotEqual(cells[2], "0")  # "Đúng hạn"

    def test_cases_in_every_state_and_no_insult(self):
        states = set(Case.objects.values_list("status", flat=True))
        self.assertEqual(states, set(CaseStatus.values))
        for title, content in Case.objects.values_list("title", "content"):
            # Words, not spaces: "đồ óc chó, nói năng…" hid the insult behind its comma.
            words = " " + " ".join(re.findall(r"\w+", f"{title} {content}".lower())) + " "
            self.assertFalse(any(f" {w} " in words for w in INSULTS), title)
        # The case waiting for moderation is there for a reason other than an insult (link spam).
        waiting = Case.objects.get(status=CaseStatus.MODERATION)
        self.assertTrue(needs_moderation(waiting.title, waiting.content))

    def test_a_held_dialogue_in_lam_dong(self):
        held = Dialogue.objects.get(status=DialogueStatus.HELD)
        self.assertEqual(held.unit.province.name, "Tỉnh Lâm Đồng")
