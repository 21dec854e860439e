"""Legal due dates of complaints, denunciations, petitions and feedback.

Every expected date is worked out by hand in a comment. `start + N` is a calendar-day limit: the
start day is not counted (Bộ luật Dân sự 2015, Điều 147) and a last day that falls on a weekend or
holiday moves to the next working day (Điều 148 khoản 5). Week days used below:
2025-12: Tue 23; 2026-01: Fri 2, Mon 5, Tue 6, Fri 9, Sat 10, Mon 12, Wed 14, Thu 15;
2026-02: Mon 2, Tue 10, Fri 13, Fri 20, Mon 23, Wed 25, Thu 26;
2026-03: Mon 2, Wed 4, Thu 12, Fri 13, Sat 14, Mon 16, Tue 17, Sun 22, Mon 23;
2026-04: Wed 1, Sat 11, Mon 13, Thu 16, Mon 20, Fri 24, Mon 27, Thu 30; 2026-05: Fri 1, Mon 4, Fri 8,
Mon 11, Sun 31; 2026-06: Mon 1; 2026-08: Wed 12, Wed 19, Sat 22, Thu 27, Mon 31;
2026-09: Tue 1, Wed 2, Thu 3, Thu 10; 2026-12: Tue 22; 2027-01: Tue 26; 2027-02: Tue 2, Fri 5, Thu 11, Thu 18, Tue 23.
"""

from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from cases.deadlines import DeadlineError, Status, citation, days_left, due_date, rule_for, status
from cases.rules import (
    DEFAULT_RULES,
    CountsFrom,
    DayCount,
    DeadlineRule,
    Kind,
    Step,
    build_rules,
    replace_rule,
)
from lib.vn_calendar import Calendar

MON_2_MAR_2026 = date(2026, 3, 2)


# --- The rule table -----------------------------------------------------------------------------


def test_the_table_covers_every_kind_and_step():
    assert {(r.kind, r.step) for r in DEFAULT_RULES} == {(k, s) for k in Kind for s in Step}


def test_each_rule_cites_its_article():
    expected = {
        (Kind.COMPLAINT_FIRST, Step.ACCEPTANCE): "Điều 27 Luật Khiếu nại 2011",
        (Kind.COMPLAINT_FIRST, Step.RESOLUTION): "Điều 28 Luật Khiếu nại 2011",
        (Kind.COMPLAINT_SECOND, Step.ACCEPTANCE): "Điều 36 Luật Khiếu nại 2011",
        (Kind.COMPLAINT_SECOND, Step.RESOLUTION): "Điều 37 Luật Khiếu nại 2011",
        (Kind.DENUNCIATION, Step.ACCEPTANCE): "Điều 24 Luật Tố cáo 2018",
        (Kind.DENUNCIATION, Step.RESOLUTION): "Điều 30 Luật Tố cáo 2018",
        (Kind.PETITION, Step.ACCEPTANCE): "Điều 28 Luật Tiếp công dân 2013",
        (Kind.PETITION, Step.RESOLUTION): "Thời hạn do cơ quan tiếp nhận áp dụng",
        (Kind.FEEDBACK, Step.ACCEPTANCE): "Điều 28 Luật Tiếp công dân 2013",
        (Kind.FEEDBACK, Step.RESOLUTION): "Thời hạn do cơ quan tiếp nhận áp dụng",
    }
    for (kind, step), article in expected.items():
        assert citation(kind, step).startswith(article), (kind, step)


def test_the_citation_helper_gives_the_text_for_display():
    assert citation("complaint_first", "resolution") == (
        "Điều 28 Luật Khiếu nại 2011 (Văn bản hợp nhất 03/VBHN-VPQH năm 2021): không quá 30 ngày kể từ ngày "
        "thụ lý, vụ việc phức tạp không quá 45 ngày; ở vùng sâu, vùng xa đi lại khó khăn không quá 45 ngày, "
        "vụ việc phức tạp không quá 60 ngày."
    )


def test_only_the_initial_handling_of_a_denunciation_counts_working_days():
    # Luật Tố cáo 2018, Điều 24 says "07 ngày làm việc"; every other limit in the notes is in days.
    working = {(r.kind, r.step) for r in DEFAULT_RULES if r.counting is DayCount.WORKING}
    assert working == {(Kind.DENUNCIATION, Step.ACCEPTANCE)}


def test_resolution_of_complaints_and_denunciations_runs_from_acceptance():
    from_acceptance = {(r.kind, r.step) for r in DEFAULT_RULES if r.counts_from is CountsFrom.ACCEPTANCE}
    assert from_acceptance == {
        (Kind.COMPLAINT_FIRST, Step.RESOLUTION),
        (Kind.COMPLAINT_SECOND, Step.RESOLUTION),
        (Kind.DENUNCIATION, Step.RESOLUTION),
    }
    assert rule_for("feedback", "resolution").counts_from.label == "kể từ ngày nhận được đơn"


def test_rules_are_frozen_data():
    assert isinstance(DEFAULT_RULES, tuple)
    with pytest.raises(FrozenInstanceError):
        DEFAULT_RULES[0].days = 99


def test_it_refuses_a_malformed_rule():
    with pytest.raises(ValueError, match="days must be a positive integer"):
        DeadlineRule(Kind.FEEDBACK, Step.RESOLUTION, days=0, citation="x")
    with pytest.raises(ValueError, match="remote_complex_days"):
        DeadlineRule(Kind.FEEDBACK, Step.RESOLUTION, days=5, complex_days=6, remote_days=7, citation="x")
    with pytest.raises(ValueError, match="citation"):
        DeadlineRule(Kind.FEEDBACK, Step.RESOLUTION, days=5)
    with pytest.raises(ValueError, match="extension_days"):
        DeadlineRule(Kind.FEEDBACK, Step.RESOLUTION, days=5, max_extensions=1, citation="x")
    with pytest.raises(ValueError):
        DeadlineRule("grievance", Step.RESOLUTION, days=5, citation="x")


def test_it_refuses_a_table_with_two_rules_for_one_step():
    rules = (*DEFAULT_RULES, DeadlineRule(Kind.FEEDBACK, Step.RESOLUTION, days=5, citation="x"))
    with pytest.raises(ValueError, match="Duplicate"):
        due_date("feedback", "resolution", MON_2_MAR_2026, rules=rules)


def test_a_change_in_law_is_a_change_of_data():
    # Suppose an amendment cut the first-time limit to 20 days: Mon 02/03/2026 + 20 = Sun 22/03 → Mon 23/03.
    amended = replace_rule(
        DEFAULT_RULES, Kind.COMPLAINT_FIRST, Step.RESOLUTION, days=20, citation="Điều 28 (sửa đổi): 20 ngày."
    )
    assert due_date("complaint_first", "resolution", MON_2_MAR_2026, rules=amended) == date(2026, 3, 23)
    assert citation("complaint_first", "resolution", amended) == "Điều 28 (sửa đổi): 20 ngày."
    assert due_date("complaint_first", "resolution", MON_2_MAR_2026) == date(2026, 4, 1)  # default untouched
    with pytest.raises(KeyError):
        replace_rule(DEFAULT_RULES, "grievance", Step.RESOLUTION, days=5)


# --- Complaints, first time (Luật Khiếu nại, Điều 27–28) ----------------------------------------


def test_a_first_complaint_is_accepted_within_10_days():
    # Mon 02/03/2026 + 10 = Thu 12/03.
    assert due_date("complaint_first", "acceptance", MON_2_MAR_2026) == date(2026, 3, 12)


def test_a_first_complaint_is_resolved_within_30_days_of_acceptance():
    # Accepted Mon 02/03/2026: + 30 = Wed 01/04 (March has 31 days: 02/03 + 29 = 31/03, + 1).
    assert due_date("complaint_first", "resolution", MON_2_MAR_2026) == date(2026, 4, 1)


def test_a_complex_first_complaint_has_45_days():
    # 02/03/2026 + 45 = 16/04 (31/03 is + 29, then 16 more): Thursday.
    assert due_date("complaint_first", "resolution", MON_2_MAR_2026, complex=True) == date(2026, 4, 16)


def test_a_first_complaint_in_a_remote_area_has_45_days():
    assert due_date("complaint_first", "resolution", MON_2_MAR_2026, remote=True) == date(2026, 4, 16)


def test_a_complex_first_complaint_in_a_remote_area_has_60_days():
    # 02/03/2026 + 60 = 01/05 (16/04 + 15): Labour Day, then the weekend → Mon 04/05.
    assert due_date("complaint_first", "resolution", MON_2_MAR_2026, complex=True, remote=True) == date(2026, 5, 4)


def test_complaint_limits_cannot_be_extended():
    with pytest.raises(DeadlineError, match="^Thời hạn giải quyết khiếu nại lần đầu không được gia hạn.$"):
        due_date("complaint_first", "resolution", MON_2_MAR_2026, extensions=1)


# --- Complaints, second time (Điều 36–37) ------------------------------------------------------


def test_a_second_complaint_is_accepted_within_10_days():
    assert due_date("complaint_second", "acceptance", MON_2_MAR_2026) == date(2026, 3, 12)


def test_a_second_complaint_is_resolved_within_45_days():
    # 02/03/2026 + 45 = Thu 16/04.
    assert due_date("complaint_second", "resolution", MON_2_MAR_2026) == date(2026, 4, 16)


def test_a_complex_second_complaint_has_60_days():
    # 02/03/2026 + 60 = Fri 01/05 (holiday) → Mon 04/05.
    assert due_date("complaint_second", "resolution", MON_2_MAR_2026, complex=True) == date(2026, 5, 4)


def test_a_second_complaint_in_a_remote_area_has_60_days():
    assert due_date("complaint_second", "resolution", MON_2_MAR_2026, remote=True) == date(2026, 5, 4)


def test_a_complex_second_complaint_in_a_remote_area_has_70_days():
    # 02/03/2026 + 70 = 11/05 (01/05 + 10): Monday.
    assert due_date("complaint_second", "resolution", MON_2_MAR_2026, complex=True, remote=True) == date(2026, 5, 11)


def test_a_second_complaint_accepted_before_tet_2027_is_due_after_it():
    # Accepted Tue 22/12/2026: + 45 = 05/02/2027 (22/12 + 9 = 31/12, + 36 = 05/02), giao thừa.
    # Thu 04/02 – Wed 10/02/2027 are off → Thu 11/02/2027.
    assert due_date("complaint_second", "resolution", date(2026, 12, 22)) == date(2027, 2, 11)


# --- Denunciations (Luật Tố cáo 2018, Điều 24 and 30) ------------------------------------------


def test_a_denunciation_is_handled_within_7_working_days_across_tet_2026():
    # Received Tue 10/02/2026: Wed 11 (1), Thu 12 (2), Fri 13 (3), [Sat 14 – Sun 22: weekend, Tết
    # 16–20/02, weekend], Mon 23 (4), Tue 24 (5), Wed 25 (6), Thu 26 (7).
    assert due_date("denunciation", "acceptance", date(2026, 2, 10)) == date(2026, 2, 26)


def test_a_denunciation_is_handled_within_7_working_days_across_tet_2027():
    # Received Tue 02/02/2027: Wed 03 (1), [Thu 04 – Wed 10 off], Thu 11 (2), Fri 12 (3), Mon 15 (4),
    # Tue 16 (5), Wed 17 (6), Thu 18 (7).
    assert due_date("denunciation", "acceptance", date(2027, 2, 2)) == date(2027, 2, 18)


def test_a_denunciation_checked_at_several_places_has_10_working_days():
    # Continuing the 2027 count: Fri 19 (8), Mon 22 (9), Tue 23 (10).
    assert due_date("denunciation", "acceptance", date(2027, 2, 2), complex=True) == date(2027, 2, 23)


def test_a_denunciation_handled_around_30_april_skips_the_holidays():
    # Received Fri 24/04/2026: [Sat 25, Sun 26 (Giỗ Tổ), Mon 27 (Giỗ Tổ in lieu) off], Tue 28 (1),
    # Wed 29 (2), [Thu 30/04, Fri 01/05, weekend off], Mon 04 (3), Tue 05 (4), Wed 06 (5), Thu 07 (6),
    # Fri 08 (7).
    assert due_date("denunciation", "acceptance", date(2026, 4, 24)) == date(2026, 5, 8)


def test_a_denunciation_handled_around_2_september_counts_the_swapped_saturday():
    # Received Wed 19/08/2026: Thu 20 (1), Fri 21 (2), Sat 22 (3, worked in exchange for Mon 31/08),
    # Mon 24 (4), Tue 25 (5), Wed 26 (6), Thu 27 (7).
    assert due_date("denunciation", "acceptance", date(2026, 8, 19)) == date(2026, 8, 27)
    # Received Thu 27/08/2026: Fri 28 (1), [Mon 31/08, Tue 01/09, Wed 02/09 off], Thu 03 (2),
    # Fri 04 (3), Mon 07 (4), Tue 08 (5), Wed 09 (6), Thu 10 (7).
    assert due_date("denunciation", "acceptance", date(2026, 8, 27)) == date(2026, 9, 10)


def test_remoteness_does_not_lengthen_denunciation_limits():
    assert due_date("denunciation", "acceptance", date(2026, 2, 10), remote=True) == date(2026, 2, 26)
    assert due_date("denunciation", "resolution", MON_2_MAR_2026, remote=True, complex=True) == date(2026, 4, 1)


def test_a_denunciation_is_resolved_within_30_days_without_extension():
    # Accepted Mon 02/03/2026 + 30 = Wed 01/04.
    assert due_date("denunciation", "resolution", MON_2_MAR_2026) == date(2026, 4, 1)


def test_one_extension_adds_30_days():
    # 02/03/2026 + 60 = Fri 01/05 (holiday) → Mon 04/05.
    assert due_date("denunciation", "resolution", MON_2_MAR_2026, extensions=1) == date(2026, 5, 4)


def test_two_extensions_add_60_days():
    # 02/03/2026 + 90 = 31/05 (01/05 + 30): Sunday → Mon 01/06.
    assert due_date("denunciation", "resolution", MON_2_MAR_2026, extensions=2) == date(2026, 6, 1)


def test_extensions_count_from_acceptance_not_from_the_moved_due_date():
    # Accepted Tue 10/02/2026: + 30 = Thu 12/03 (10/02 + 18 = 28/02, + 12); + 60 = Sat 11/04 → Mon 13/04;
    # + 90 = Mon 11/05. Moving 11/04 to 13/04 does not push the second extension to 13/05.
    assert due_date("denunciation", "resolution", date(2026, 2, 10)) == date(2026, 3, 12)
    assert due_date("denunciation", "resolution", date(2026, 2, 10), extensions=1) == date(2026, 4, 13)
    assert due_date("denunciation", "resolution", date(2026, 2, 10), extensions=2) == date(2026, 5, 11)


def test_a_third_extension_is_refused():
    with pytest.raises(DeadlineError, match="^Tố cáo chỉ được gia hạn tối đa 2 lần, mỗi lần không quá 30 ngày.$"):
        due_date("denunciation", "resolution", MON_2_MAR_2026, extensions=3)


def test_the_initial_handling_of_a_denunciation_cannot_be_extended():
    with pytest.raises(DeadlineError, match="^Thời hạn thụ lý tố cáo không được gia hạn.$"):
        due_date("denunciation", "acceptance", MON_2_MAR_2026, extensions=1)


def test_a_negative_number_of_extensions_is_refused():
    with pytest.raises(DeadlineError, match="không âm"):
        due_date("denunciation", "resolution", MON_2_MAR_2026, extensions=-1)


# --- Petitions and feedback --------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["petition", "feedback"])
def test_feedback_is_acknowledged_within_10_days(kind):
    assert due_date(kind, "acceptance", MON_2_MAR_2026) == date(2026, 3, 12)


@pytest.mark.parametrize("kind", ["petition", "feedback"])
def test_feedback_is_answered_within_20_days_by_default(kind):
    # Mon 02/03/2026 + 20 = Sun 22/03 → Mon 23/03.
    assert due_date(kind, "resolution", MON_2_MAR_2026) == date(2026, 3, 23)


@pytest.mark.parametrize("kind", ["petition", "feedback"])
def test_the_feedback_limit_is_configurable(kind):
    # Mon 02/03/2026 + 15 = Tue 17/03.
    rules = build_rules(feedback_reply_days=15)
    assert due_date(kind, "resolution", MON_2_MAR_2026, rules=rules) == date(2026, 3, 17)
    assert citation(kind, "resolution", rules).startswith(
        "Thời hạn do cơ quan tiếp nhận áp dụng: trả lời trong 15 ngày kể từ ngày nhận được"
    )
    # The other limits are the law's, not the deployment's.
    assert due_date("complaint_first", "resolution", MON_2_MAR_2026, rules=rules) == date(2026, 4, 1)


def test_the_feedback_limit_is_labelled_as_the_bodys_own_not_as_law():
    text = citation("feedback", "resolution")
    assert "trả lời trong 20 ngày" in text
    assert "không phải thời hạn do luật định" in text
    assert not text.startswith("Quyết định")


def test_feedback_answered_around_2_september_moves_past_national_day():
    # Received Wed 12/08/2026 + 20 = Tue 01/09 (12/08 + 19 = 31/08, + 1): Quốc khánh, then Wed 02/09
    # → Thu 03/09.
    assert due_date("feedback", "resolution", date(2026, 8, 12)) == date(2026, 9, 3)


# --- Calendar-day rules and the weekend ----------------------------------------------------------


def test_a_calendar_day_limit_ending_on_saturday_moves_to_monday():
    # Wed 04/03/2026 + 10 = Sat 14/03 → Mon 16/03.
    assert due_date("complaint_first", "acceptance", date(2026, 3, 4)) == date(2026, 3, 16)


def test_a_complaint_received_just_before_tet_2026_is_accepted_after_it():
    # Tue 10/02/2026 + 10 = Fri 20/02 (mùng bốn), then the weekend → Mon 23/02.
    assert due_date("complaint_first", "acceptance", date(2026, 2, 10)) == date(2026, 2, 23)


def test_a_complaint_received_just_before_tet_2027_is_accepted_after_it():
    # Tue 26/01/2027 + 10 = Fri 05/02 (giao thừa); off until Wed 10/02 → Thu 11/02.
    assert due_date("complaint_first", "acceptance", date(2027, 1, 26)) == date(2027, 2, 11)


def test_tet_inside_a_calendar_day_limit_does_not_lengthen_it():
    # Accepted Mon 02/02/2026 + 30 = Wed 04/03 (02/02 + 26 = 28/02, + 4), although Tết 16–20/02 lies inside.
    assert due_date("complaint_first", "resolution", date(2026, 2, 2)) == date(2026, 3, 4)


def test_a_complaint_accepted_on_30_april_skips_the_long_weekend():
    # Received Mon 20/04/2026 + 10 = Thu 30/04 → Fri 01/05 → weekend → Mon 04/05.
    assert due_date("complaint_first", "acceptance", date(2026, 4, 20)) == date(2026, 5, 4)


# --- The year's schedule -------------------------------------------------------------------------


def test_due_dates_follow_extra_days_off_and_compensatory_working_days():
    # Example schedule: Fri 02/01/2026 off, Sat 10/01/2026 worked instead.
    bridge = Calendar(extra_days_off={date(2026, 1, 2)}, extra_working_days={date(2026, 1, 10)})
    # Calendar days. Tue 23/12/2025 + 10 = Fri 02/01/2026: kept by default; with the bridge → Mon 05/01.
    assert due_date("complaint_first", "acceptance", date(2025, 12, 23)) == date(2026, 1, 2)
    assert due_date("complaint_first", "acceptance", date(2025, 12, 23), calendar=bridge) == date(2026, 1, 5)
    # Working days. Received Tue 06/01/2026: Wed 07 (1), Thu 08 (2), Fri 09 (3), Mon 12 (4), Tue 13 (5),
    # Wed 14 (6), Thu 15 (7); with Sat 10 worked, Sat 10 is (4) and the 7th is Wed 14/01.
    assert due_date("denunciation", "acceptance", date(2026, 1, 6)) == date(2026, 1, 15)
    assert due_date("denunciation", "acceptance", date(2026, 1, 6), calendar=bridge) == date(2026, 1, 14)


# --- Unknown kinds and steps -------------------------------------------------------------------


def test_it_refuses_an_unknown_kind_in_vietnamese():
    with pytest.raises(DeadlineError, match="^Loại việc “khieu_nai” không có trong bảng thời hạn.$"):
        due_date("khieu_nai", "resolution", MON_2_MAR_2026)


def test_it_refuses_an_unknown_step_in_vietnamese():
    with pytest.raises(DeadlineError, match="^Bước “appeal” không có trong bảng thời hạn.$"):
        due_date("complaint_first", "appeal", MON_2_MAR_2026)


def test_it_says_when_a_table_has_no_rule_for_a_step():
    rules = tuple(r for r in DEFAULT_RULES if r.kind != Kind.COMPLAINT_SECOND)
    with pytest.raises(DeadlineError, match="^Chưa có quy định thời hạn thụ lý đối với khiếu nại lần hai.$"):
        due_date("complaint_second", "acceptance", MON_2_MAR_2026, rules=rules)


def test_a_deadline_error_is_a_value_error():
    assert issubclass(DeadlineError, ValueError)


def test_enum_members_and_plain_strings_are_interchangeable():
    assert due_date(Kind.COMPLAINT_FIRST, Step.ACCEPTANCE, MON_2_MAR_2026) == due_date(
        "complaint_first", "acceptance", MON_2_MAR_2026
    )


# --- Days left and status ----------------------------------------------------------------------


def test_days_left_in_calendar_days():
    assert days_left(date(2026, 2, 23), date(2026, 2, 13)) == 10
    assert days_left(date(2026, 2, 23), date(2026, 2, 23)) == 0
    assert days_left(date(2026, 2, 23), date(2026, 2, 25)) == -2


def test_days_left_in_working_days():
    # From Fri 13/02/2026 to Mon 23/02: only Mon 23 is a working day (Tết and two weekends between).
    assert days_left(date(2026, 2, 23), date(2026, 2, 13), counting=DayCount.WORKING) == 1
    # Two working days late on Wed 25/02: Tue 24 and Wed 25.
    assert days_left(date(2026, 2, 23), date(2026, 2, 25), counting="working") == -2


def test_days_left_uses_the_given_calendar():
    bridge = Calendar(extra_working_days={date(2026, 1, 10)})
    # (Fri 09/01, Mon 12/01/2026]: Monday only; with Sat 10 worked, two days.
    assert days_left(date(2026, 1, 12), date(2026, 1, 9), counting=DayCount.WORKING) == 1
    assert days_left(date(2026, 1, 12), date(2026, 1, 9), bridge, counting=DayCount.WORKING) == 2


def test_status_is_on_track_due_soon_or_overdue():
    due = date(2026, 3, 12)
    assert status(due, date(2026, 3, 8)) == "on_track"  # 4 days left
    assert status(due, date(2026, 3, 9)) == "due_soon"  # 3 days left
    assert status(due, due) is Status.DUE_SOON  # the limit ends at midnight (BLDS Điều 148 khoản 6)
    assert status(due, date(2026, 3, 13)) is Status.OVERDUE
    assert Status.OVERDUE.label == "Quá hạn"


def test_the_warning_window_is_configurable():
    due = date(2026, 3, 12)
    assert status(due, date(2026, 3, 11), warn_days=0) is Status.ON_TRACK
    assert status(due, date(2026, 3, 2), warn_days=10) is Status.DUE_SOON
    with pytest.raises(ValueError):
        status(due, date(2026, 3, 2), warn_days=-1)
