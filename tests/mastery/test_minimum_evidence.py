"""Minimum evidence before a level shows (issue 19): below the framework's minimum, no estimate."""
from tracker.mastery.estimates import enough_evidence, estimate, estimate_many

SCALE = {"threshold": 3, "min_level": 1, "max_level": 4}


def test_below_the_minimum_there_is_no_estimate():
    assert estimate("latest", [4], min_evidence=2, **SCALE) is None
    assert estimate("latest", [2, 4], min_evidence=2, **SCALE) == 4
    assert estimate("decaying_average", [3, 3], parameter=0.65, min_evidence=3, **SCALE) is None


def test_a_minimum_of_one_or_none_changes_nothing():
    for minimum in (None, 0, 1):
        assert estimate("latest", [4], min_evidence=minimum, **SCALE) == 4


def test_many_at_once_keeps_the_same_rule():
    assert estimate_many("average", {"a": [4], "b": [2, 4]}, min_evidence=2, **SCALE) == {"a": None, "b": 3}


def test_enough_evidence():
    assert not enough_evidence(1, 2) and enough_evidence(2, 2) and enough_evidence(1, None)
