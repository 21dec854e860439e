"""The case generator draws months in worker processes for a real run: the rows must not depend on it."""

import io

from django.test import TestCase

from datagen import cases as gen
from datagen.base import Context
from datagen.orgs import generate_orgs
from geo.loader import load_units


class MonthsDrawnTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_units(stdout=io.StringIO())
        cls.ctx = Context(scale=0.002, seed=7, log=lambda m: None)
        cls.world = generate_orgs(cls.ctx)

    def setUp(self):
        from cases import conf

        w = gen._Ctx(self.ctx, self.world)
        w.margin, w.window = conf.escalation_margin_days(), conf.reopen_window_days()
        w.session_from = gen.END
        self.plan = gen._plan(self.ctx, w)
        gen._WORK.update(w=w, deadlines=gen.Deadlines(), sessions={}, seed=self.ctx.seed)
        self.addCleanup(gen._WORK.clear)

    def test_workers_draw_the_same_rows_as_this_process(self):
        serial = list(gen.months_drawn(self.plan, workers=0))
        forked = list(gen.months_drawn(self.plan, workers=2))
        self.assertEqual(len(serial), len(self.plan))
        self.assertEqual(sum(len(cases) for cases, _p, _a in serial), round(1_000_000 * 0.002))
        self.assertEqual(forked, serial)
        # Months are drawn from their own streams: the same plan twice gives the same rows.
        self.assertEqual(list(gen.months_drawn(self.plan[-3:], workers=0)), serial[-3:])

    def test_case_ids_follow_the_plan_without_gaps(self):
        ids = [row[0] for cases, _p, _a in gen.months_drawn(self.plan, workers=0) for row in cases]
        self.assertEqual(ids, list(range(self.plan[0][3], self.plan[0][3] + len(ids))))

    def test_a_worker_does_not_close_this_process_connection(self):
        from django.db import connection

        list(gen.months_drawn(self.plan[:4], workers=2))
        with connection.cursor() as c:
            c.execute("SELECT 1")
            self.assertEqual(c.fetchone(), (1,))
