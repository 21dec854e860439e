"""A province's coordination programme world: the Ban TG&DV, the provincial police, the military command and the
border guard of Lâm Đồng, three communes with their police posts, and one officer for each body."""

import datetime as dt

from geo.models import UnitType
from orgs.models import Role
from programmes import services
from programmes.models import PartyRole
from tests.base import BaseTestCase
from tests.factories import make_org, make_unit, make_user

YEAR = 2027


def build_world(p) -> None:
    """Adds the forces to the shared personas ``p`` (tests.factories.Personas)."""
    p.third_commune = make_unit("24826", "Xã Đạ Sar", UnitType.COMMUNE, parent=p.province)
    p.communes = [p.commune, p.other_commune, p.third_commune]
    p.police = make_org("Công an tỉnh Lâm Đồng", "cong-an", p.province)
    p.military = make_org("Bộ Chỉ huy Quân sự tỉnh Lâm Đồng", "quan-su", p.province)
    p.border = make_org("Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lâm Đồng", "bien-phong", p.province)
    p.posts = [make_org(f"Công an {c.name}", "cong-an", c, parent=p.police) for c in p.communes]
    p.police_officer = make_user("canboconganh", p.police, Role.OFFICER)
    p.military_officer = make_user("canboquansu", p.military, Role.OFFICER)
    p.border_officer = make_user("canbobienphong", p.border, Role.OFFICER)
    p.post_officer = make_user("canboconganxa", p.posts[0], Role.OFFICER)
    p.far_officer = make_user("canboxaxa", p.far_org, Role.OFFICER)


class ProgrammesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        build_world(cls.p)

    def make_programme(self, **extra):
        p = self.p
        extra.setdefault("document_refs", "23-QĐ/TW; 25-NQ/TW")
        return services.programme_create(
            by=p.province_officer,
            organization=p.province_org,
            title="Chương trình phối hợp công tác dân vận giữa Ban TG&DV Tỉnh ủy, Công an tỉnh và Bộ CHQS tỉnh",
            number="05-CTr/BTGDVTU-CA-QS",
            start_year=2026,
            end_year=2030,
            parties=[(p.police, PartyRole.LEAD), (p.military, PartyRole.MEMBER)],
            **extra,
        )

    def make_plan_with_tasks(self):
        """The 2027 plan: one task for each party, the police's split into sub-tasks for the three communes."""
        p = self.p
        programme = self.make_programme()
        plan = services.plan_create(programme=programme, by=p.province_officer, year=YEAR)
        tasks = {
            "ban": services.task_create(
                plan=plan, by=p.province_officer, title="Hội nghị sơ kết chương trình phối hợp", owner=p.province_org,
                deadline=dt.date(YEAR, 6, 30), cooperating=[p.police, p.military],
            ),
            "police": services.task_create(
                plan=plan, by=p.province_officer, title="Xây dựng mô hình “Dân vận khéo” trong lực lượng Công an",
                owner=p.police, deadline=dt.date(YEAR, 10, 15), cooperating=[p.province_org],
                expected_output="Mỗi xã một mô hình",
            ),
            "military": services.task_create(
                plan=plan, by=p.province_officer, title="Giúp nhân dân xây nhà đại đoàn kết", owner=p.military,
                deadline=dt.date(YEAR, 12, 15),
            ),
        }  # fmt: skip
        subtasks = [
            services.subtask_create(
                parent=tasks["police"], by=p.police_officer, title=f"Mô hình “Dân vận khéo” tại {c.name}",
                owner=post, deadline=dt.date(YEAR, 9, 30),
            )
            for c, post in zip(p.communes, p.posts, strict=True)
        ]  # fmt: skip
        return programme, plan, tasks, subtasks
