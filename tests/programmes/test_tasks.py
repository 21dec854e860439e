"""Programmes, 2027 plans, tasks for each party, sub-tasks for three communes: lifecycle, progress, queues, rates."""

import datetime as dt

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from lib.errors import ServiceError
from programmes import selectors, services
from programmes.models import Task, TaskStatus
from tests.programmes.helpers import YEAR, ProgrammesTestCase


class TaskTest(ProgrammesTestCase):
    def test_a_provincial_programme_has_a_2027_plan_with_tasks_for_each_party_and_subtasks_for_three_communes(self):
        programme, plan, tasks, subtasks = self.make_plan_with_tasks()
        self.assertEqual(
            {(party.organization.name, party.role) for party in programme.parties.all()},
            {
                ("Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng", "lead"),
                ("Công an tỉnh Lâm Đồng", "lead"),
                ("Bộ Chỉ huy Quân sự tỉnh Lâm Đồng", "member"),
            },
        )
        self.assertEqual(programme.unresolved_refs, "23-QĐ/TW; 25-NQ/TW")  # the library is empty here
        self.assertEqual(set(plan.tasks.filter(parent=None).values_list("owner_id", flat=True)),
                         {self.p.province_org.pk, self.p.police.pk, self.p.military.pk})  # fmt: skip
        self.assertEqual([t.unit_id for t in subtasks], [c.pk for c in self.p.communes])
        self.assertTrue(all(t.programme_id == programme.pk and t.level == "commune" for t in subtasks))
        self.assertEqual(
            AuditEvent.objects.filter(content_type__app_label="programmes", content_type__model="task").count(), 6
        )

    def test_the_parent_progress_is_the_mean_of_its_subtasks(self):
        _programme, _plan, tasks, subtasks = self.make_plan_with_tasks()
        p = self.p
        services.task_note_add(task=subtasks[0], by=p.post_officer, text="Đã ra mắt mô hình", progress=60)
        services.task_complete(task=subtasks[1], by=p.police_officer)
        services.task_cancel(task=subtasks[2], by=p.police_officer, reason="Xã đã sáp nhập mô hình vào xã bên")
        tasks["police"].refresh_from_db()
        self.assertEqual(tasks["police"].progress, 80)  # (60 + 100) / 2; the cancelled one does not count
        self.assertEqual(subtasks[0].status, TaskStatus.IN_PROGRESS)  # the first report started it
        with self.assertRaises(ServiceError) as caught:
            services.task_note_add(task=tasks["police"], by=p.police_officer, text="Tổng hợp", progress=90)
        self.assertIn("tính từ các nhiệm vụ cấp dưới", caught.exception.message)
        with self.assertRaises(ServiceError) as caught:
            services.task_complete(task=tasks["police"], by=p.police_officer)
        self.assertIn("Còn nhiệm vụ cấp dưới", caught.exception.message)

    def test_it_refuses_illegal_moves_and_cancelling_without_a_reason(self):
        _programme, _plan, tasks, _subtasks = self.make_plan_with_tasks()
        task = tasks["military"]
        with self.assertRaises(ServiceError) as caught:
            services.task_cancel(task=task, by=self.p.military_officer, reason="  ")
        self.assertIn("lý do", caught.exception.message)
        services.task_complete(task=task, by=self.p.military_officer)
        with self.assertRaises(ServiceError) as caught:
            services.task_start(task=task, by=self.p.military_officer)
        self.assertEqual(caught.exception.status_code, 409)
        self.assertIn("Đã hoàn thành", caught.exception.message)
        task.refresh_from_db()
        self.assertEqual((task.status, task.progress), (TaskStatus.DONE, 100))
        moves = AuditEvent.objects.filter(content_type__model="task", object_id=str(task.pk), action="transition")
        self.assertEqual(moves.count(), 1)

    def test_only_the_lead_body_moves_a_task_and_only_parties_are_assigned(self):
        _programme, plan, tasks, subtasks = self.make_plan_with_tasks()
        p = self.p
        with self.assertRaises(ServiceError) as caught:
            services.task_complete(task=tasks["military"], by=p.police_officer)
        self.assertEqual(caught.exception.status_code, 403)
        with self.assertRaises(ServiceError) as caught:
            services.task_create(plan=plan, by=p.province_officer, title="Việc", owner=p.border,
                                 deadline=dt.date(YEAR, 5, 1))  # fmt: skip
        self.assertIn("bên tham gia chương trình", caught.exception.message)
        with self.assertRaises(ServiceError):
            services.subtask_create(parent=subtasks[0], by=p.post_officer, title="Việc", owner=p.posts[1],
                                    deadline=dt.date(YEAR, 5, 1))  # fmt: skip
        with self.assertRaises(ServiceError) as caught:
            services.subtask_create(parent=tasks["police"], by=p.police_officer, title="Việc", owner=p.far_org,
                                    deadline=dt.date(YEAR, 5, 1))  # fmt: skip
        self.assertIn("không thuộc cấp dưới", caught.exception.message)
        self.assertEqual(Task.objects.count(), 6)

    def test_a_party_queue_puts_overdue_and_due_first_in_two_queries(self):
        _programme, _plan, tasks, subtasks = self.make_plan_with_tasks()
        p = self.p
        with time_machine.travel(dt.date(YEAR, 10, 1)):
            today = dt.date(YEAR, 10, 1)
            queue = selectors.task_queue(p.police, state="open", today=today)
            with CaptureQueriesContext(connection) as queries:
                rows = queue[0:25]
            self.assertEqual(len(queries), 2)  # keys (a union of two index walks), then the rows
            self.assertEqual([r.id for r in rows], [tasks["ban"].pk, tasks["police"].pk])
            self.assertEqual([r.state_on(today) for r in rows], ["overdue", "not_started"])
            self.assertEqual(queue.count(), 2)
            post = [r.id for r in selectors.task_queue(p.posts[0], state="overdue", today=today)[0:25]]
            self.assertEqual(post, [subtasks[0].pk])

    def test_the_to_do_counts_are_the_queues_lengths_in_one_query(self):
        _programme, _plan, tasks, subtasks = self.make_plan_with_tasks()
        p = self.p
        # The Ban leads a task and cooperates on the police's: one task of each kind; the Ban also cooperates on a
        # task it leads (counted once, as the queue lists it once); a done task is in no queue.
        tasks["ban"].cooperating.add(p.province_org)
        services.task_complete(task=subtasks[2], by=p.police_officer)
        for today in (dt.date(YEAR, 6, 27), dt.date(YEAR, 7, 2), dt.date(YEAR, 9, 28), dt.date(YEAR, 10, 12)):
            for org in (p.province_org, p.police, p.military, *p.posts):
                with self.subTest(today=today, org=org.name):
                    with self.assertNumQueries(1):
                        counts = selectors.queue_counts(org, today=today)
                    queues = {s: selectors.task_queue(org, state=s, today=today) for s in ("overdue", "due")}
                    self.assertEqual(counts, {state: queue.count() for state, queue in queues.items()})
        self.assertEqual(selectors.queue_counts(p.province_org, today=dt.date(YEAR, 10, 12)), {"overdue": 1, "due": 1})
        self.assertEqual(selectors.queue_counts(p.posts[2], today=dt.date(YEAR, 10, 1)), {"overdue": 0, "due": 0})

    def test_rates_by_party_roll_up_the_commune_posts_into_the_provincial_police(self):
        _programme, _plan, tasks, subtasks = self.make_plan_with_tasks()
        p = self.p
        services.task_complete(task=subtasks[0], by=p.post_officer, on=dt.date(YEAR, 9, 1))
        services.task_complete(task=subtasks[1], by=p.police_officer, on=dt.date(YEAR, 10, 3))  # late
        services.task_complete(task=tasks["ban"], by=p.province_officer, on=dt.date(YEAR, 6, 1))
        qs = Task.objects.all()
        with self.assertNumQueries(2):
            tree = selectors.party_rollup(qs, today=dt.date(YEAR, 10, 20))
        self.assertEqual(
            [r.label for r in tree],
            ["Ban Tuyên giáo và Dân vận Trung ương", "Bộ Chỉ huy Quân sự tỉnh Lâm Đồng", "Công an tỉnh Lâm Đồng"],
        )
        by_name = {r.label: r for r in tree} | {c.label: c for r in tree for c in r.children}
        police = by_name["Công an tỉnh Lâm Đồng"]
        self.assertEqual((police.total, police.done, police.on_time, police.overdue), (4, 2, 1, 2))
        self.assertEqual(police.completion_rate, 50.0)
        self.assertEqual(police.on_time_rate, 50.0)
        self.assertEqual(sorted((c.label, c.total, c.done) for c in police.children), [
            ("Công an Phường Xuân Hương - Đà Lạt", 1, 1), ("Công an Xã Lạc Dương", 1, 1), ("Công an Xã Đạ Sar", 1, 0),
        ])  # fmt: skip
        ban = by_name["Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng"]
        self.assertEqual((ban.total, ban.done, ban.on_time), (1, 1, 1))
        self.assertEqual(by_name["Ban Tuyên giáo và Dân vận Trung ương"].total, 1)  # the province's, rolled up
        with self.assertNumQueries(1):
            levels = {r.label: r.total for r in selectors.task_rates(qs, group="level")}
        self.assertEqual(levels, {"Cấp tỉnh": 3, "Cấp xã": 3})

    def test_an_officer_of_another_province_sees_none_of_it(self):
        programme, _plan, tasks, _subtasks = self.make_plan_with_tasks()
        self.assertFalse(selectors.programmes_visible_to(self.p.far_officer).filter(pk=programme.pk).exists())
        self.assertFalse(selectors.tasks_visible_to(self.p.far_officer).exists())
        # A commune post sees the provincial task it was split from? No: only its own and what it cooperates on.
        visible = set(selectors.tasks_visible_to(self.p.post_officer).values_list("pk", flat=True))
        self.assertNotIn(tasks["military"].pk, visible)
