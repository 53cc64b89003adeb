"""Small-group suppression: primary, complementary, small totals (pure; no app needed)."""
import pytest

from tracker.dashboards.suppression import COMPLEMENTARY, PRIMARY, SHOWN, SMALL_TOTAL, suppress


def hidden(result) -> set:
    return {key for key, reason in result.reasons.items() if reason != SHOWN}


def test_groups_of_ten_or_more_are_shown():
    result = suppress({"yes": 10, "no": 40})
    assert result.reasons == {"yes": SHOWN, "no": SHOWN}
    assert not result.total_hidden


def test_a_single_small_group_takes_the_next_smallest_with_it():
    # English learners 4, others 30, not recorded 12: with the total shown, hiding only the 4
    # would let anyone compute it as total - 30 - 12. The next smallest group (12) goes too.
    result = suppress({"yes": 4, "no": 30, "not_recorded": 12})
    assert result.reasons == {"yes": PRIMARY, "no": SHOWN, "not_recorded": COMPLEMENTARY}
    assert hidden(result) == {"yes", "not_recorded"}


def test_the_complement_is_the_smallest_shown_group_even_when_it_is_large():
    result = suppress({"a": 3, "b": 50, "c": 40})
    assert result.reasons == {"a": PRIMARY, "b": SHOWN, "c": COMPLEMENTARY}


def test_two_small_groups_that_together_reach_ten_need_no_complement():
    # Subtraction gives only their sum (11), a group of at least 10.
    result = suppress({"a": 5, "b": 6, "c": 30, "d": 25})
    assert hidden(result) == {"a", "b"}
    assert result.reasons["a"] == result.reasons["b"] == PRIMARY


def test_small_groups_whose_sum_is_still_under_ten_take_a_complement():
    result = suppress({"a": 2, "b": 3, "c": 30, "d": 25})
    assert hidden(result) == {"a", "b", "d"}
    assert result.reasons["d"] == COMPLEMENTARY


def test_an_empty_group_reveals_no_one_and_needs_no_complement():
    result = suppress({"yes": 0, "no": 35})
    assert result.reasons == {"yes": PRIMARY, "no": SHOWN}


def test_a_population_under_ten_hides_every_group_and_the_total():
    result = suppress({"yes": 3, "no": 5})
    assert result.total_hidden
    assert set(result.reasons.values()) == {SMALL_TOTAL}


def test_without_a_total_on_the_page_only_small_groups_are_hidden():
    result = suppress({"a": 4, "b": 30, "c": 12}, total_shown=False)
    assert hidden(result) == {"a"}


def test_ties_between_complement_candidates_are_broken_the_same_way_every_time():
    first = suppress({"b": 20, "a": 20, "c": 3})
    second = suppress({"c": 3, "a": 20, "b": 20})
    assert hidden(first) == hidden(second) == {"a", "c"}


def test_a_minimum_other_than_ten():
    assert hidden(suppress({"a": 4, "b": 8}, minimum=5)) == {"a", "b"}


def test_negative_sizes_are_refused():
    with pytest.raises(ValueError):
        suppress({"a": -1, "b": 20})
