from typing import NamedTuple

from cases.models import Kind, Status
from cases.selectors import QueueRow
from lib.choices import choice_labels
from practices.models import Field
from practices.selectors import PracticeRow


@choice_labels(status=Status)
class Row(NamedTuple):
    status: str


def test_it_labels_a_row_as_the_model_labels_its_field():
    assert Row(Status.ACCEPTED).get_status_display() == Status.ACCEPTED.label
    assert Row("gone").get_status_display() == "gone"  # an unknown value shows as itself, as on a model


def test_the_case_and_practice_rows_share_it():
    row = QueueRow(1, "A1", Kind.COMPLAINT_FIRST, "t", Status.RECEIVED, None, "o", "u", None)
    assert (row.get_kind_display(), row.get_status_display()) == (Kind.COMPLAINT_FIRST.label, Status.RECEIVED.label)
    practice = PracticeRow(1, "n", "model", Field.ECONOMY, "draft", None, 2026, None, "o", "u")
    assert practice.get_field_display() == Field.ECONOMY.label
    assert practice.get_recognition_level_display() is None
