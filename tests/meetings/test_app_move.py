"""Reception days and dialogues moved from the cases app to meetings without moving a row: the tables
keep their names, and the migration carries the content types (so the audit history stays attached)."""

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import TestCase

from meetings.models import Commitment, Dialogue, DialogueQuestion, ReceptionSchedule, ReceptionSession

move = importlib.import_module("meetings.migrations.0001_move_from_cases")


class MeetingsAppMoveTest(TestCase):
    def test_it_keeps_the_tables_of_the_cases_app(self):
        tables = {
            m._meta.db_table for m in (ReceptionSchedule, ReceptionSession, Dialogue, DialogueQuestion, Commitment)
        }
        self.assertEqual(
            tables,
            {"cases_receptionschedule", "cases_receptionsession", "cases_dialogue", "cases_dialoguequestion",
             "cases_commitment"},
        )  # fmt: skip
        self.assertTrue(tables <= set(connection.introspection.table_names()))

    def test_it_relabels_the_content_types_both_ways(self):
        ContentType.objects.clear_cache()
        dialogue_type = ContentType.objects.get_for_model(Dialogue)
        self.assertEqual(dialogue_type.app_label, "meetings")
        editor = SimpleNamespace(connection=connection)  # the migration only reads the connection's alias
        move.content_types_to_cases(apps, editor)
        dialogue_type.refresh_from_db()
        self.assertEqual(dialogue_type.app_label, "cases")  # as a database migrated on the old code has it
        move.content_types_to_meetings(apps, editor)
        dialogue_type.refresh_from_db()
        self.assertEqual(dialogue_type.app_label, "meetings")
        self.assertEqual(ContentType.objects.filter(app_label="cases", model__in=move.MODELS).count(), 0)
        ContentType.objects.clear_cache()
