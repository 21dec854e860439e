from decimal import Decimal

from rest_framework.test import APIClient

from emulation import services
from emulation.models import Assessment, Award, Contest, ContestStatus, Entry, EntryKind, EntryScore, Grade, Round
from orgs.models import User
from orgs.scope import scope_for
from practices.models import CriteriaSet, Criterion
from tests.base import BaseTestCase
from tests.factories import make_user

ROUNDS_EMPTY = {"rounds-TOTAL_FORMS": "3", "rounds-INITIAL_FORMS": "0", "rounds-MIN_NUM_FORMS": "1"}


class EmulationTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        cls.far_officer = make_user("canboquangngai", p.far_org)
        cls.rubric = CriteriaSet.objects.create(name="Chấm thi Dân vận khéo", owner=p.province_org, pass_mark=0)
        cls.c1 = Criterion.objects.create(criteria_set=cls.rubric, order=1, description="Nội dung", max_score=60)
        cls.c2 = Criterion.objects.create(criteria_set=cls.rubric, order=2, description="Trình bày", max_score=40)

    def api(self, user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    def make_contest(self, *, name="Hội thi Dân vận khéo tỉnh Lâm Đồng 2026", organizer=None, year=2026, entries=True):
        contest = Contest.objects.create(name=name, organizer=organizer or self.p.province_org, year=year)
        contest.judges.set([self.p.appraiser, self.p.province_officer])
        Round.objects.create(contest=contest, order=1, name="Chung kết", criteria_set=self.rubric)
        if entries:
            Entry.objects.create(
                contest=contest, kind=EntryKind.TEAM, name="Đội Xuân Hương", organization=self.p.commune_org
            )
            Entry.objects.create(
                contest=contest, kind=EntryKind.TEAM, name="Đội Lạc Dương", organization=self.p.other_commune_org
            )
        return contest

    def judging(self):
        contest = self.make_contest()
        services.contest_open_judging(contest=contest, by=self.p.province_officer)
        return contest, contest.rounds.get(), contest.entries.get(name="Đội Xuân Hương")


class ContestPagesTest(EmulationTestCase):
    def test_an_officer_runs_a_contest_from_creation_to_awards(self):
        self.login(self.p.province_officer)
        self.assertContains(self.client.get("/thi-dua/hoi-thi/"), "Tạo hội thi")
        r = self.client.post(
            "/thi-dua/hoi-thi/tao-moi/",
            {
                "name": "Hội thi Dân vận khéo tỉnh Lâm Đồng 2026",
                "organizer": self.p.province_org.pk,
                "year": "2026",
                "judges": [self.p.appraiser.pk, self.p.province_officer.pk],
                **ROUNDS_EMPTY,
                "rounds-0-name": "Chung kết",
                "rounds-0-criteria_set": self.rubric.pk,
            },
        )
        contest = Contest.objects.get()
        self.assertRedirects(r, f"/thi-dua/hoi-thi/{contest.pk}/")
        self.assertEqual([r.name for r in contest.rounds.all()], ["Chung kết"])
        self.assertEqual(contest.judges.count(), 2)

        for name, org in (("Đội Xuân Hương", self.p.commune_org), ("Đội Lạc Dương", self.p.other_commune_org)):
            r = self.client.post(
                f"/thi-dua/hoi-thi/{contest.pk}/bai-du-thi/", {"kind": "team", "name": name, "organization": org.pk}
            )
            self.assertEqual(r.status_code, 302, r.content[:3000])
        r = self.client.post(f"/thi-dua/hoi-thi/{contest.pk}/bat-dau-cham/", follow=True)
        self.assertContains(r, "Hội thi đã chuyển sang giai đoạn chấm.")
        self.assertNotContains(r, "Thêm bài dự thi")

        round_ = contest.rounds.get()
        a = contest.entries.get(name="Đội Xuân Hương")
        b = contest.entries.get(name="Đội Lạc Dương")
        # Two judges; Vietnamese decimals ("50,5") are accepted.
        for judge, scores in (
            (self.p.appraiser, {a: ("50,5", "30"), b: ("55", "35")}),  # 80,5 and 90
            (self.p.province_officer, {a: ("40", "30"), b: ("45", "35")}),  # 70 and 80
        ):
            self.login(judge)
            for entry, (s1, s2) in scores.items():
                url = f"/thi-dua/hoi-thi/{contest.pk}/cham/{entry.pk}/{round_.pk}/"
                self.assertContains(self.client.get(url), "Điểm tối đa")
                r = self.client.post(url, {f"score_{self.c1.pk}": s1, f"score_{self.c2.pk}": s2})
                self.assertRedirects(r, f"/thi-dua/hoi-thi/{contest.pk}/")

        r = self.client.get(f"/thi-dua/hoi-thi/{contest.pk}/")
        self.assertContains(r, "Xếp hạng tạm thời")
        html = r.content.decode()
        self.assertLess(html.index("85,00"), html.index("75,25"))  # Lạc Dương first, averages of the judges

        r = self.client.post(
            f"/thi-dua/hoi-thi/{contest.pk}/cong-bo/", {"titles": "Giải Nhất, Giải Nhì, Giải Ba"}, follow=True
        )
        self.assertContains(r, "Đã công bố kết quả: 2 giải.")
        self.assertContains(r, "<strong>Giải Nhất</strong>: Đội Lạc Dương", html=False)
        self.assertContains(r, "<strong>Giải Nhì</strong>: Đội Xuân Hương", html=False)
        contest.refresh_from_db()
        self.assertEqual(contest.status, ContestStatus.CLOSED)
        self.assertEqual(
            list(Award.objects.values_list("rank", "title", "entry__name")),
            [(1, "Giải Nhất", "Đội Lạc Dương"), (2, "Giải Nhì", "Đội Xuân Hương")],
        )

    def test_a_contest_needs_a_round_and_a_judge(self):
        self.login(self.p.province_officer)
        r = self.client.post(
            "/thi-dua/hoi-thi/tao-moi/",
            {"name": "Hội thi thiếu", "organizer": self.p.province_org.pk, "year": "2026", **ROUNDS_EMPTY},
        )
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Trường này là bắt buộc.")
        self.assertFalse(Contest.objects.exists())

    def test_a_score_above_the_maximum_is_refused_in_vietnamese_and_nothing_is_saved(self):
        contest, round_, entry = self.judging()
        self.login(self.p.appraiser)
        url = f"/thi-dua/hoi-thi/{contest.pk}/cham/{entry.pk}/{round_.pk}/"
        r = self.client.post(url, {f"score_{self.c1.pk}": "61", f"score_{self.c2.pk}": "30"})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "vượt quá điểm tối đa 60")
        self.assertContains(r, 'value="61"')  # the judge's input is kept for correction
        r = self.client.post(url, {f"score_{self.c1.pk}": "năm mươi", f"score_{self.c2.pk}": "30"})
        self.assertEqual(r.status_code, 200)
        self.assertFalse(EntryScore.objects.exists())

    def test_only_judges_score_and_entries_wait_for_an_open_contest(self):
        contest, round_, entry = self.judging()
        self.login(self.p.commune_officer)  # in scope of nothing here: the contest is the province's
        self.assertEqual(self.client.get(f"/thi-dua/hoi-thi/{contest.pk}/").status_code, 404)
        self.login(self.p.central)  # sees everything, judges nothing
        url = f"/thi-dua/hoi-thi/{contest.pk}/cham/{entry.pk}/{round_.pk}/"
        self.assertContains(self.client.get(url), "Bạn không thuộc ban giám khảo")
        r = self.client.post(url, {f"score_{self.c1.pk}": "10", f"score_{self.c2.pk}": "10"})
        self.assertContains(r, "Bạn không thuộc ban giám khảo của hội thi.")
        self.login(self.p.province_officer)
        r = self.client.post(
            f"/thi-dua/hoi-thi/{contest.pk}/bai-du-thi/",
            {"kind": "team", "name": "Đội muộn", "organization": self.p.commune_org.pk},
        )
        self.assertContains(r, "Chỉ thêm bài dự thi được khi hội thi đang nhận đăng ký.")
        r = self.client.post(f"/thi-dua/hoi-thi/{contest.pk}/bat-dau-cham/", follow=True)
        self.assertContains(r, "Không thể bắt đầu chấm hội thi đang ở trạng thái “Đang chấm”.")
        self.assertFalse(EntryScore.objects.exists())
        self.assertEqual(contest.entries.count(), 2)

    def test_an_officer_of_another_province_gets_404_and_a_reader_without_write_rights_403(self):
        contest = self.make_contest()
        self.login(self.far_officer)
        self.assertNotContains(self.client.get("/thi-dua/hoi-thi/"), contest.name)
        for url in ("", "cham/1/1/"):
            self.assertEqual(self.client.get(f"/thi-dua/hoi-thi/{contest.pk}/{url}").status_code, 404)
        for url in ("bat-dau-cham/", "cong-bo/", "bai-du-thi/"):
            self.assertEqual(self.client.post(f"/thi-dua/hoi-thi/{contest.pk}/{url}").status_code, 404)

        own = self.make_contest(name="Hội thi cấp phường", organizer=self.p.commune_org, entries=False)
        self.login(self.p.viewer)  # reads the commune, may change nothing
        self.assertContains(self.client.get(f"/thi-dua/hoi-thi/{own.pk}/"), "Hội thi cấp phường")
        r = self.client.post(
            f"/thi-dua/hoi-thi/{own.pk}/bai-du-thi/",
            {"kind": "team", "name": "Đội A", "organization": self.p.commune_org.pk},
        )
        self.assertEqual(r.status_code, 403)
        r = self.client.post(f"/thi-dua/hoi-thi/{own.pk}/bat-dau-cham/", follow=True)
        self.assertContains(r, "Bạn không có quyền điều hành hội thi này.")
        own.refresh_from_db()
        self.assertEqual((own.status, own.entries.count()), (ContestStatus.OPEN, 0))

    def test_a_judge_from_elsewhere_reaches_the_contest_they_judge(self):
        contest, round_, entry = self.judging()
        contest.judges.add(self.far_officer)
        self.login(self.far_officer)
        self.assertContains(self.client.get("/thi-dua/hoi-thi/"), contest.name)
        r = self.client.post(
            f"/thi-dua/hoi-thi/{contest.pk}/cham/{entry.pk}/{round_.pk}/",
            {f"score_{self.c1.pk}": "50", f"score_{self.c2.pk}": "30"},
        )
        self.assertEqual(r.status_code, 302)
        self.assertEqual(EntryScore.objects.filter(judge=self.far_officer).count(), 2)

    def test_the_contest_list_runs_a_fixed_number_of_queries(self):
        for year in (2024, 2025, 2026):
            self.make_contest(name=f"Hội thi {year}", year=year)
        self.login(self.p.province_officer)
        # session, user, memberships (scope, the menu's roles), the scope's lineage, page (short: its own count),
        # can_create
        with self.assertNumQueries(6):
            r = self.client.get("/thi-dua/hoi-thi/")
        self.assertContains(r, "3 hội thi")
        self.assertContains(r, '<td class="num">2</td>', count=3, html=False)
        self.assertContains(self.client.get("/thi-dua/hoi-thi/?year=2025"), "1 hội thi")

    def test_the_contest_page_does_not_query_per_entry(self):
        contest, round_, entry = self.judging()
        for i in range(5):
            Entry.objects.create(
                contest=contest, kind=EntryKind.INDIVIDUAL, name=f"Thí sinh {i}", organization=self.p.commune_org
            )
        for e in contest.entries.all():
            services.contest_score(
                entry=e, round=round_, judge=self.p.appraiser, scores={self.c1.pk: Decimal(50), self.c2.pk: Decimal(30)}
            )
        self.login(self.p.appraiser)
        # session, user, memberships (read and write scopes, the menu), the scope's lineage, contest, is judge,
        # rounds, entries, my scores, ranking ×2, judges — whatever the number of entries
        with self.assertNumQueries(12):
            r = self.client.get(f"/thi-dua/hoi-thi/{contest.pk}/")
        self.assertContains(r, "Chấm lại Chung kết", count=7)

    def test_anonymous_users_are_sent_to_login(self):
        self.assertEqual(self.client.get("/thi-dua/hoi-thi/").status_code, 302)
        self.assertEqual(self.client.get("/thi-dua/danh-gia/").status_code, 302)


class PendingScoreCountTest(EmulationTestCase):
    def test_the_home_count_is_the_length_of_the_judges_list_in_one_query(self):
        from emulation import todo

        p = self.p
        first, first_round, xuan_huong = self.judging()
        Round.objects.create(contest=first, order=2, name="Vòng hai", criteria_set=self.rubric)
        second = self.make_contest(name="Hội thi thứ hai")
        services.contest_open_judging(contest=second, by=p.province_officer)
        self.make_contest(name="Hội thi chưa chấm")  # not being judged: nothing waits
        empty = self.make_contest(name="Hội thi không có bài", entries=False)
        Round.objects.create(contest=empty, order=2, name="Vòng hai", criteria_set=self.rubric)
        Contest.objects.filter(pk=empty.pk).update(status=ContestStatus.JUDGING)

        def check(user, expected):
            user = User.objects.get(pk=user.pk)  # as a request loads it
            scope_for(user)  # the request's scope, read once by the page before the to-do sections
            with self.assertNumQueries(1):
                count = todo.pending_score_count(user)
            self.assertEqual((count, len(todo.pending_scores(user))), (expected, expected))

        # Two contests being judged: 2 entries × 2 rounds, 2 entries × 1 round.
        check(p.appraiser, 6)
        # Two criteria scored for one (entry, round) pair: one pair done, not two.
        for criterion in (self.c1, self.c2):
            EntryScore.objects.create(entry=xuan_huong, round=first_round, criterion=criterion, judge=p.appraiser,
                                      score=Decimal(10))  # fmt: skip
        # Another judge's score changes nothing for the appraiser.
        other = second.entries.first()
        EntryScore.objects.create(entry=other, round=second.rounds.get(), criterion=self.c1, judge=p.province_officer,
                                  score=Decimal(10))  # fmt: skip
        check(p.appraiser, 5)
        check(p.province_officer, 5)
        check(p.commune_officer, 0)  # judges nothing


class ContestApiTest(EmulationTestCase):
    def test_the_whole_contest_through_the_api(self):
        province = self.api(self.p.province_officer)
        r = province.post(
            "/api/v1/contests/",
            {
                "name": "Hội thi Dân vận khéo tỉnh Lâm Đồng 2026",
                "organizer": self.p.province_org.pk,
                "year": 2026,
                "judges": [self.p.appraiser.pk, self.p.province_officer.pk],
                "rounds": [{"name": "Chung kết", "criteria_set": self.rubric.pk, "held_on": "2026-11-20"}],
            },
            format="json",
        )
        self.assertEqual(r.status_code, 201, r.content)
        pk = r.json()["id"]
        self.assertEqual(r.json()["status"], "open")
        round_id = r.json()["rounds"][0]["id"]
        entries = {}
        for name, org in (("Đội Xuân Hương", self.p.commune_org), ("Đội Lạc Dương", self.p.other_commune_org)):
            r = province.post(
                f"/api/v1/contests/{pk}/entries/",
                {"kind": "team", "name": name, "organization": org.pk},
                format="json",
            )
            self.assertEqual(r.status_code, 201, r.content)
            entries[name] = r.json()["id"]
        r = province.post(f"/api/v1/contests/{pk}/open-judging/")
        self.assertEqual(r.json()["status"], "judging")

        for judge, marks in (
            (self.p.appraiser, {"Đội Xuân Hương": ("50", "30"), "Đội Lạc Dương": ("55", "35")}),
            (self.p.province_officer, {"Đội Xuân Hương": ("40", "30"), "Đội Lạc Dương": ("45", "35")}),
        ):
            for name, (s1, s2) in marks.items():
                r = self.api(judge).post(
                    f"/api/v1/contests/{pk}/scores/",
                    {
                        "entry": entries[name],
                        "round": round_id,
                        "scores": [{"criterion": self.c1.pk, "score": s1}, {"criterion": self.c2.pk, "score": s2}],
                    },
                    format="json",
                )
                self.assertEqual(r.status_code, 200, r.content)
        self.assertEqual(r.json(), {"entry": entries["Đội Lạc Dương"], "round": round_id, "total": "80.00"})

        r = province.get(f"/api/v1/contests/{pk}/ranking/")
        self.assertEqual(
            [(row["rank"], row["entry_name"], row["total"]) for row in r.json()],
            [(1, "Đội Lạc Dương", "85.00"), (2, "Đội Xuân Hương", "75.00")],
        )
        self.assertEqual(len(province.get(f"/api/v1/contests/{pk}/ranking/?round={round_id}").json()), 2)

        r = province.post(f"/api/v1/contests/{pk}/close/", {"titles": ["Giải Nhất"]}, format="json")
        self.assertEqual(r.status_code, 200, r.content)
        self.assertEqual(r.json()["status"], "closed")
        self.assertEqual(
            r.json()["awards"],
            [{"rank": 1, "title": "Giải Nhất", "entry": entries["Đội Lạc Dương"], "entry_name": "Đội Lạc Dương"}],
        )
        r = province.post(f"/api/v1/contests/{pk}/close/", {}, format="json")
        self.assertEqual(r.status_code, 409)
        self.assertEqual(
            r.json()["message"], "Không thể công bố kết quả hội thi đang ở trạng thái “Đã công bố kết quả”."
        )

    def test_a_score_above_the_maximum_is_refused_and_nothing_is_saved(self):
        contest, round_, entry = self.judging()
        r = self.api(self.p.appraiser).post(
            f"/api/v1/contests/{contest.pk}/scores/",
            {
                "entry": entry.pk,
                "round": round_.pk,
                "scores": [{"criterion": self.c1.pk, "score": "61"}, {"criterion": self.c2.pk, "score": "30"}],
            },
            format="json",
        )
        self.assertEqual(r.status_code, 400)
        self.assertIn("vượt quá điểm tối đa 60", r.json()["message"])
        self.assertNotIn("60.00", r.json()["message"])  # written 60, not 60.00
        self.assertEqual(list(r.json()["extra"]["scores"]), [str(self.c1.pk)])
        self.assertFalse(EntryScore.objects.exists())

    def test_an_officer_of_another_province_gets_404_and_a_reader_403(self):
        contest, round_, entry = self.judging()
        far = self.api(self.far_officer)
        self.assertEqual(far.get("/api/v1/contests/").json()["count"], 0)
        self.assertEqual(far.get(f"/api/v1/contests/{contest.pk}/").status_code, 404)
        self.assertEqual(far.get(f"/api/v1/contests/{contest.pk}/ranking/").status_code, 404)
        self.assertEqual(far.post(f"/api/v1/contests/{contest.pk}/close/", {}, format="json").status_code, 404)
        r = far.post(
            f"/api/v1/contests/{contest.pk}/scores/",
            {"entry": entry.pk, "round": round_.pk, "scores": []},
            format="json",
        )
        self.assertEqual(r.status_code, 404)
        r = far.post(
            "/api/v1/contests/",
            {
                "name": "Hội thi mạo danh",
                "organizer": self.p.province_org.pk,
                "year": 2026,
                "judges": [self.far_officer.pk],
                "rounds": [{"name": "Chung kết", "criteria_set": self.rubric.pk}],
            },
            format="json",
        )
        self.assertEqual((r.status_code, r.json()["message"]), (400, "Không tìm thấy tổ chức."))

        own = self.make_contest(name="Hội thi cấp phường", organizer=self.p.commune_org, entries=False)
        viewer = self.api(self.p.viewer)
        self.assertEqual(viewer.get(f"/api/v1/contests/{own.pk}/").status_code, 200)
        r = viewer.post(
            f"/api/v1/contests/{own.pk}/entries/",
            {"kind": "team", "name": "Đội A", "organization": self.p.commune_org.pk},
            format="json",
        )
        self.assertEqual((r.status_code, r.json()["message"]), (403, "Bạn không có quyền điều hành hội thi này."))
        r = viewer.post(f"/api/v1/contests/{own.pk}/open-judging/")
        self.assertEqual((r.status_code, r.json()["message"]), (403, "Bạn không có quyền điều hành hội thi này."))
        self.assertEqual(Contest.objects.count(), 2)
        self.assertEqual(Contest.objects.get(pk=own.pk).status, ContestStatus.OPEN)

    def test_an_entry_by_practice_needs_a_practice(self):
        contest = self.make_contest(entries=False)
        r = self.api(self.p.province_officer).post(
            f"/api/v1/contests/{contest.pk}/entries/",
            {"kind": "practice", "name": "Mô hình A", "organization": self.p.commune_org.pk},
            format="json",
        )
        self.assertEqual(
            (r.status_code, r.json()["message"]), (400, "Bài dự thi loại mô hình phải gắn với một mô hình.")
        )
        self.assertFalse(contest.entries.exists())

    def test_the_contest_list_runs_a_fixed_number_of_queries(self):
        for year in (2024, 2025, 2026):
            self.make_contest(name=f"Hội thi {year}", year=year)
        client = self.api(self.p.province_officer)
        # scope (membership, unit links, units), page (shorter than a page: its own count)
        with self.assertNumQueries(3):
            r = client.get("/api/v1/contests/")
        self.assertEqual([c["entry_count"] for c in r.json()["results"]], [2, 2, 2])
        self.assertEqual([c["year"] for c in r.json()["results"]], [2026, 2025, 2024])


class AssessmentTestCase(EmulationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dvcq = CriteriaSet.objects.create(
            name="Dân vận chính quyền 2026",
            owner=cls.p.province_org,
            pass_mark=50,
            grade_thresholds={"excellent": 95, "good": 85, "fair": 70, "average": 50},
        )
        cls.d1 = Criterion.objects.create(criteria_set=cls.dvcq, order=1, description="Tiếp dân", max_score=50)
        cls.d2 = Criterion.objects.create(criteria_set=cls.dvcq, order=2, description="Đối thoại", max_score=50)

    def record(self, org, year, s1, s2):
        return services.assessment_record(
            organization=org,
            year=year,
            criteria_set=self.dvcq,
            by=self.p.province_officer,
            scores={self.d1.pk: Decimal(s1), self.d2.pk: Decimal(s2)},
        )


class AssessmentPagesTest(AssessmentTestCase):
    def test_an_officer_records_an_assessment_graded_by_the_rubrics_thresholds(self):
        self.login(self.p.province_officer)
        self.assertContains(self.client.get("/thi-dua/danh-gia/ghi-nhan/"), "Chọn bộ tiêu chí")
        url = f"/thi-dua/danh-gia/ghi-nhan/?criteria_set={self.dvcq.pk}"
        self.assertContains(self.client.get(url), "Tiếp dân")
        r = self.client.post(
            url,
            {
                "organization": self.p.commune_org.pk,
                "year": "2026",
                "criteria_set": self.dvcq.pk,
                f"score_{self.d1.pk}": "42",
                f"score_{self.d2.pk}": "40,5",
                "note": "Làm tốt tiếp dân",
            },
            follow=True,
        )
        # 82,5 of 100: "good" from 85 on this rubric (not the default 80), so "Khá".
        self.assertContains(r, "xếp loại Khá")
        self.assertContains(r, "<strong>82,50</strong>", html=False)
        assessment = Assessment.objects.get()
        self.assertEqual((assessment.total, assessment.grade), (Decimal("82.5"), Grade.FAIR))

    def test_a_score_above_the_maximum_records_nothing(self):
        self.login(self.p.province_officer)
        r = self.client.post(
            f"/thi-dua/danh-gia/ghi-nhan/?criteria_set={self.dvcq.pk}",
            {
                "organization": self.p.commune_org.pk,
                "year": "2026",
                "criteria_set": self.dvcq.pk,
                f"score_{self.d1.pk}": "51",
                f"score_{self.d2.pk}": "40",
            },
        )
        self.assertContains(r, "Điểm 51 vượt quá điểm tối đa 50")
        self.assertFalse(Assessment.objects.exists())

    def test_the_list_filters_by_year_follows_scope_and_runs_a_fixed_number_of_queries(self):
        self.record(self.p.commune_org, 2025, 46, 45)
        self.record(self.p.commune_org, 2026, 30, 30)
        self.record(self.p.other_commune_org, 2026, 20, 20)
        self.login(self.p.province_officer)
        # session, user, memberships (scope, the menu's roles), the scope's lineage, page (short: its own count),
        # can_assess
        with self.assertNumQueries(6):
            r = self.client.get("/thi-dua/danh-gia/?year=2026")
        self.assertContains(r, "2 kết quả")
        self.assertContains(r, "Trung bình")  # 60 %
        self.assertContains(r, "Yếu")  # 40 %
        self.assertNotContains(r, "Xuất sắc")
        self.login(self.p.other_commune_officer)
        r = self.client.get("/thi-dua/danh-gia/")
        self.assertContains(r, "1 kết quả")
        other = Assessment.objects.get(organization=self.p.commune_org, year=2026)
        self.assertEqual(self.client.get(f"/thi-dua/danh-gia/{other.pk}/").status_code, 404)

    def test_a_commune_officer_cannot_choose_another_commune(self):
        self.login(self.p.commune_officer)
        r = self.client.post(
            f"/thi-dua/danh-gia/ghi-nhan/?criteria_set={self.dvcq.pk}",
            {
                "organization": self.p.other_commune_org.pk,
                "year": "2026",
                "criteria_set": self.dvcq.pk,
                f"score_{self.d1.pk}": "40",
                f"score_{self.d2.pk}": "40",
            },
        )
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Hãy chọn một lựa chọn hợp lệ")
        self.assertFalse(Assessment.objects.exists())


class AssessmentApiTest(AssessmentTestCase):
    def payload(self, s1, s2, **extra):
        return {
            "organization": self.p.commune_org.pk,
            "year": 2026,
            "criteria_set": self.dvcq.pk,
            "scores": [{"criterion": self.d1.pk, "score": s1}, {"criterion": self.d2.pk, "score": s2}],
            "note": "",
            **extra,
        }

    def test_it_records_then_replaces_an_assessment(self):
        client = self.api(self.p.province_officer)
        r = client.post("/api/v1/assessments/", self.payload("48", "48"), format="json")
        self.assertEqual(r.status_code, 201, r.content)
        self.assertEqual(
            (r.json()["total"], r.json()["grade"], r.json()["grade_display"]), ("96.00", "excellent", "Xuất sắc")
        )
        r = client.post("/api/v1/assessments/", self.payload("43", "43"), format="json")
        self.assertEqual(r.status_code, 200, r.content)
        self.assertEqual((r.json()["total"], r.json()["grade"]), ("86.00", "good"))
        self.assertEqual(len(r.json()["scores"]), 2)
        self.assertEqual(client.get(f"/api/v1/assessments/{r.json()['id']}/").json()["grade"], "good")
        self.assertEqual(Assessment.objects.count(), 1)

    def test_bad_scores_and_foreign_organisations_are_refused_and_nothing_is_saved(self):
        client = self.api(self.p.province_officer)
        r = client.post("/api/v1/assessments/", self.payload("51", "40"), format="json")
        self.assertEqual(r.status_code, 400)
        self.assertIn("vượt quá điểm tối đa 50", r.json()["message"])
        r = client.post(
            "/api/v1/assessments/",
            {**self.payload("1", "1"), "scores": [{"criterion": self.d1.pk, "score": "1"}] * 2},
            format="json",
        )
        self.assertEqual(r.json()["extra"]["scores"], ["Mỗi tiêu chí chỉ được chấm một lần."])
        r = self.api(self.p.viewer).post("/api/v1/assessments/", self.payload("40", "40"), format="json")
        self.assertEqual((r.status_code, r.json()["message"]), (403, "Bạn không có quyền đánh giá tổ chức này."))
        r = self.api(self.far_officer).post("/api/v1/assessments/", self.payload("40", "40"), format="json")
        self.assertEqual((r.status_code, r.json()["message"]), (400, "Không tìm thấy tổ chức."))
        self.assertFalse(Assessment.objects.exists())

    def test_the_list_filters_follows_scope_and_runs_a_fixed_number_of_queries(self):
        mine = self.record(self.p.commune_org, 2025, 46, 45)
        self.record(self.p.commune_org, 2026, 30, 30)
        self.record(self.p.other_commune_org, 2026, 20, 20)
        client = self.api(User.objects.get(pk=self.p.province_officer.pk))  # nothing cached on it, as in a request
        # scope (memberships, their units' lineage), page (shorter than a page: its own count)
        with self.assertNumQueries(3):
            r = client.get("/api/v1/assessments/?year=2026")
        self.assertEqual(sorted(a["grade"] for a in r.json()["results"]), ["average", "weak"])
        r = client.get(f"/api/v1/assessments/?organization={self.p.commune_org.pk}")
        self.assertEqual([a["year"] for a in r.json()["results"]], [2026, 2025])
        far = self.api(self.far_officer)
        self.assertEqual(far.get("/api/v1/assessments/").json()["count"], 0)
        self.assertEqual(far.get(f"/api/v1/assessments/{mine.pk}/").status_code, 404)
