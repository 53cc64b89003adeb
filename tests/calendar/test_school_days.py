"""School days and pace in school time, from the definitions (no database)."""
from datetime import date, timedelta

from tracker.calendar.school_days import SchoolCalendar, instructional_terms, overlapping
from tracker.supports.pace import compute_pace

YEAR = ((date(2026, 8, 24), date(2027, 6, 11)),)
WINTER_BREAK = ((date(2026, 12, 21), date(2027, 1, 1)),)


def calendar(**kw):
    kw.setdefault("terms", YEAR)
    kw.setdefault("closed", WINTER_BREAK)
    return SchoolCalendar(**kw)


def test_school_days_skip_weekends_breaks_district_days_and_days_outside_terms():
    school = calendar(extra_closed={date(2026, 11, 26)})
    # Mon 30 Nov → Mon 1 Feb: 9 calendar weeks, two of them the winter break
    assert school.school_days_between(date(2026, 11, 30), date(2027, 2, 1)) == 35
    assert school.school_days_between(date(2026, 11, 23), date(2026, 11, 30)) == 4  # Thursday 26 closed
    assert not school.is_school_day(date(2026, 8, 21))  # a weekday before the first term
    assert not school.is_school_day(date(2026, 12, 23)) and school.is_school_day(date(2027, 1, 4))
    assert school.school_days_between(date(2027, 2, 1), date(2027, 2, 1)) == 0
    assert school.school_days_between(date(2027, 2, 5), date(2027, 2, 1)) == 0


def test_adding_school_days_is_counting_them_backwards():
    school = calendar()
    start = date(2026, 12, 4)
    for count in range(0, 120, 7):  # within the terms (past the last one, adding counts every weekday)
        day = school.add_school_days(start, count)
        assert school.school_days_between(start, day) == count
        assert count == 0 or school.is_school_day(day)
    assert school.add_school_days(start, 0.2) == date(2026, 12, 7)  # part of a day is a day


def test_counting_day_by_day_agrees():
    school = calendar(terms=((date(2026, 8, 24), date(2026, 12, 18)), (date(2027, 1, 5), date(2027, 6, 11))))
    start = date(2026, 7, 1)
    total = 0
    for offset in range(1, 420):
        day = start + timedelta(days=offset)
        total += school.is_school_day(day)
        assert school.school_days_between(start, day) == total


def test_a_projection_past_the_last_term_lands_on_a_weekday():
    school = calendar()
    day = school.add_school_days(date(2027, 6, 1), 30)
    assert day > date(2027, 6, 11) and day.weekday() < 5


def test_a_school_year_counts_only_without_finer_terms():
    year = ("schoolYear", date(2026, 8, 1), date(2027, 7, 31))
    fall, spring = ("semester", date(2026, 8, 24), date(2026, 12, 18)), ("semester", date(2027, 1, 5), date(2027, 6, 11))
    assert instructional_terms([year, fall, spring]) == [fall[1:], spring[1:]]
    assert instructional_terms([year]) == [year[1:]]
    assert overlapping([("Fall", *fall[1:]), ("Spring", *spring[1:])], date(2026, 12, 1), date(2027, 1, 4)) == ["Fall"]


# Pace in school time ------------------------------------------------------------------------

def test_winter_break_a_learner_on_pace_in_school_weeks_is_on_pace():
    """Nine calendar weeks, two of them the winter break: seven school weeks at a step a week,
    seven steps mastered. Counted in calendar weeks it read 9 expected, "behind"."""
    start, today = date(2026, 11, 30), date(2027, 2, 1)
    school = calendar()
    mastered = [school.add_school_days(start, 5 * week) for week in range(1, 8)]
    kw = dict(started_on=start, today=today, total_steps=12, mastered_on=mastered, weeks_per_step=1)
    in_school_time = compute_pace(**kw, calendar=school)
    assert (in_school_time.expected_steps_by_today, in_school_time.steps_mastered) == (7, 7)
    assert in_school_time.status == "on_pace" and in_school_time.school_time
    in_calendar_weeks = compute_pace(**kw)
    assert in_calendar_weeks.expected_steps_by_today == 9 and in_calendar_weeks.status == "behind"


def test_a_late_joiner_s_target_dates_move_by_the_school_days_they_missed():
    """Target dates every two school weeks from the term's first day; a learner joins ten school
    weeks in. A week later they are not "far behind": their dates moved by the 50 days missed."""
    school = calendar()
    term_start = date(2026, 8, 24)
    dates = [school.add_school_days(term_start, 10 * step) for step in range(1, 13)]
    joined, today = school.add_school_days(term_start, 50), school.add_school_days(term_start, 55)
    late = compute_pace(started_on=joined, today=today, total_steps=12, mastered_on=[], target_dates=dates,
                        calendar=school, cohort_start=term_start)
    assert late.target_shift == 50
    assert late.expected_steps_by_today == 0.5 and late.status == "on_pace"
    assert late.expected_finish == school.add_school_days(dates[-1], 50)
    unshifted = compute_pace(started_on=joined, today=today, total_steps=12, mastered_on=[], target_dates=dates,
                             calendar=school)
    assert unshifted.status == "far_behind"  # what it read before


def test_a_learner_placed_later_on_starts_from_the_class_s_date_for_the_step_before():
    school = calendar()
    term_start = date(2026, 8, 24)
    dates = [school.add_school_days(term_start, 10 * step) for step in range(1, 13)]
    # placed at step 4 on the day the class was due to finish step 3: no shift at all
    on_time = compute_pace(started_on=dates[2], today=school.add_school_days(dates[2], 5), total_steps=12,
                           mastered_on=[], start_position=4, target_dates=dates, calendar=school,
                           cohort_start=term_start)
    assert on_time.target_shift == 0 and on_time.expected_steps_by_today == 0.5


def test_the_finish_comes_with_a_range_from_the_learner_s_own_step_times():
    school = calendar()
    start = date(2027, 1, 4)
    # steps took 5, 10 and 15 school days; 9 steps are left
    mastered = [school.add_school_days(start, n) for n in (5, 15, 30)]
    today = school.add_school_days(start, 30)
    pace = compute_pace(started_on=start, today=today, total_steps=12, mastered_on=mastered, weeks_per_step=2,
                        calendar=school)
    low, high = pace.finish_range
    assert low == school.add_school_days(today, 9 * 5) and high == school.add_school_days(today, 9 * 15)
    assert low <= pace.projected_finish == school.add_school_days(today, 9 * 10) <= high
    one_step = compute_pace(started_on=start, today=today, total_steps=12, mastered_on=mastered[:1],
                            weeks_per_step=2, calendar=school)
    assert one_step.finish_range is None and one_step.projected_finish is not None


def test_projections_past_the_last_term_count_every_open_weekday_even_years_ahead():
    """Past the last term entered, add_school_days counts weekdays not closed (the running total
    it keeps must give the day a walk day by day gives, from any start, however far ahead)."""
    calendar = SchoolCalendar(terms=((date(2026, 9, 1), date(2027, 6, 18)),),
                              closed=((date(2027, 12, 20), date(2028, 1, 3)),),
                              extra_closed=frozenset({date(2027, 7, 5)}))

    def walked(start, count):
        day, left = start, count
        while left > 0:
            day += timedelta(days=1)
            left -= day.weekday() < 5 and day != date(2027, 7, 5) \
                and not date(2027, 12, 20) <= day <= date(2028, 1, 3)
        return day

    for start in (date(2027, 6, 18), date(2027, 6, 30), date(2027, 12, 24), date(2029, 3, 3)):
        for count in (1, 5, 17, 260, 1000):
            assert calendar.add_school_days(start, count) == walked(start, count), (start, count)
    # from inside the term across its end: the term's school days first, then open weekdays
    assert calendar.add_school_days(date(2027, 6, 17), 3) == date(2027, 6, 22)
