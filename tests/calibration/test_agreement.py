"""Agreement statistics for calibration, checked against textbook and worked examples."""
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tracker.calibration.agreement import (
    adjacent_agreement, cohens_kappa, describe_kappa, exact_agreement, fleiss_kappa,
    fleiss_kappa_from_counts, per_level_agreement, summarize, weighted_kappa,
)

# --- Cohen's kappa: the classic 2 × 2 example (Wikipedia, "Cohen's kappa") ----------------
#                 B yes   B no
#   A yes           20      5     (A said yes 25 times)
#   A no            10     15
#                (B said yes 30 times; 50 items)
CLASSIC_A = ["yes"] * 20 + ["yes"] * 5 + ["no"] * 10 + ["no"] * 15
CLASSIC_B = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15


def test_cohens_kappa_classic_example():
    # po = (20 + 15) / 50 = 0.70
    # pe = P(both yes) + P(both no) = 0.5 × 0.6 + 0.5 × 0.4 = 0.30 + 0.20 = 0.50
    # κ = (0.70 − 0.50) / (1 − 0.50) = 0.40
    assert exact_agreement(list(zip(CLASSIC_A, CLASSIC_B))) == pytest.approx(0.70)
    assert cohens_kappa(CLASSIC_A, CLASSIC_B) == pytest.approx(0.40)


def test_cohens_kappa_on_levels_and_its_weighted_variant():
    a = [1, 1, 1, 2, 3, 3]
    b = [1, 2, 2, 2, 3, 3]
    # unweighted: same level on items 1, 4, 5, 6 → po = 4/6 = 2/3
    # A's shares: 1 → 3/6, 2 → 1/6, 3 → 2/6; B's: 1 → 1/6, 2 → 3/6, 3 → 2/6
    # pe = 1/2·1/6 + 1/6·1/2 + 1/3·1/3 = 1/12 + 1/12 + 1/9 = 5/18
    # κ = (2/3 − 5/18) / (1 − 5/18) = (7/18) / (13/18) = 7/13
    assert cohens_kappa(a, b) == pytest.approx(7 / 13)
    # linear weights, disagreement = distance in levels:
    # observed mean distance = (0 + 1 + 1 + 0 + 0 + 0) / 6 = 1/3
    # chance mean distance = Σ pA(j)·pB(k)·|j − k|
    #   j = 1: 1/2 × (1/2·1 + 1/3·2) = 1/2 × 7/6 = 7/12
    #   j = 2: 1/6 × (1/6·1 + 1/3·1) = 1/6 × 1/2 = 1/12
    #   j = 3: 1/3 × (1/6·2 + 1/2·1) = 1/3 × 5/6 = 5/18
    #   total = 7/12 + 1/12 + 5/18 = 12/18 + 5/18 = 17/18
    # κw = 1 − (1/3) / (17/18) = 1 − 6/17 = 11/17
    assert weighted_kappa(a, b) == pytest.approx(11 / 17)


def test_cohens_kappa_perfect_and_chance_level():
    assert cohens_kappa([1, 2, 3, 4], [1, 2, 3, 4]) == 1
    assert weighted_kappa([1, 2, 3, 4], [1, 2, 3, 4]) == 1
    # A always says 3; B says 3 half the time: po = 1/2, pe = 1 × 1/2 = 1/2 → κ = 0
    assert cohens_kappa([3, 3, 3, 3], [3, 3, 2, 4]) == 0


def test_kappa_undefined_when_everyone_gives_one_level():
    # pe = 1 × 1 = 1: (po − pe) / (1 − pe) would divide by zero
    assert cohens_kappa([3, 3, 3], [3, 3, 3]) is None
    assert weighted_kappa([3, 3, 3], [3, 3, 3]) is None
    assert fleiss_kappa([[3, 3, 3], [3, 3, 3]]) is None
    assert cohens_kappa([], []) is None
    assert fleiss_kappa([]) is None


def test_two_raters_must_score_the_same_items():
    with pytest.raises(ValueError):
        cohens_kappa([1, 2], [1])
    with pytest.raises(ValueError):
        weighted_kappa([1], [1, 2])


# --- Fleiss' kappa: the worked example of Wikipedia ("Fleiss' kappa") ---------------------
# 10 items, 14 raters each, 5 categories; cell = raters who put the item in that category.
WIKIPEDIA_TABLE = [
    #  1   2   3   4   5        Σ nᵢⱼ²   Pᵢ = (Σ nᵢⱼ² − 14) / (14 × 13)
    [0, 0, 0, 0, 14],      # 196    1.000
    [0, 2, 6, 4, 2],       #  60    0.253
    [0, 0, 3, 5, 6],       #  70    0.308
    [0, 3, 9, 2, 0],       #  94    0.440
    [2, 2, 8, 1, 1],       #  74    0.330
    [7, 7, 0, 0, 0],       #  98    0.462
    [3, 2, 6, 3, 0],       #  58    0.242
    [2, 5, 3, 2, 2],       #  46    0.176
    [6, 5, 2, 1, 0],       #  66    0.286
    [0, 2, 2, 3, 7],       #  66    0.286
]
# column totals 20, 28, 39, 21, 32 of 140 ratings → pⱼ = 0.143, 0.200, 0.279, 0.150, 0.229
# P̄ = 3.780 / 10 = 0.378; P̄e = Σ pⱼ² = 0.213; κ = (0.378 − 0.213) / (1 − 0.213) = 0.210


def test_fleiss_kappa_wikipedia_table():
    assert fleiss_kappa_from_counts(WIKIPEDIA_TABLE) == pytest.approx(0.210, abs=5e-4)


def test_fleiss_kappa_from_rows_of_levels_gives_the_same():
    rows = [[level for level, count in enumerate(row, start=1) for _ in range(count)]
            for row in WIKIPEDIA_TABLE]
    assert all(len(row) == 14 for row in rows)
    assert fleiss_kappa(rows) == pytest.approx(fleiss_kappa_from_counts(WIKIPEDIA_TABLE))


def test_fleiss_kappa_needs_equal_numbers_of_raters():
    with pytest.raises(ValueError):
        fleiss_kappa([[1, 2, 3], [1, 2]])
    with pytest.raises(ValueError):
        fleiss_kappa([[1], [2]])


def test_fleiss_kappa_perfect_agreement():
    assert fleiss_kappa([[1, 1, 1], [2, 2, 2], [4, 4, 4]]) == pytest.approx(1)


# --- exact, adjacent and per-level agreement -----------------------------------------------
def test_exact_and_adjacent_agreement_pool_rater_pairs():
    ratings = [[3, 3, 2], [4, 4, 4], [1, 2], [3]]
    # pairs: item 1 → (3,3) (3,2) (3,2): 1 alike, all 3 within one level
    #        item 2 → (4,4) × 3: 3 alike;  item 3 → (1,2): 0 alike, 1 within one
    #        item 4 has one rating: no pair
    # exact = (1 + 3 + 0) / 7 = 4/7; adjacent = (3 + 3 + 1) / 7 = 1
    assert exact_agreement(ratings) == pytest.approx(4 / 7)
    assert adjacent_agreement(ratings) == 1
    # (1,3) is two levels apart: adjacent = 2/3, exact = 1/3
    assert adjacent_agreement([[1, 3], [2, 3], [4, 4]]) == pytest.approx(2 / 3)
    assert exact_agreement([[1, 3], [2, 3], [4, 4]]) == pytest.approx(1 / 3)
    assert exact_agreement([[3]]) is None
    assert adjacent_agreement([]) is None


def test_per_level_agreement():
    ratings = [[3, 3, 2], [4, 4, 4], [2, 3]]
    result = per_level_agreement(ratings, levels=[1, 2, 3, 4])
    # level 2: chosen once in item 1 (2 other raters, neither chose 2) and once in item 3 (1 other)
    #          → 0 agreeing of 2 + 1 = 3 → 0
    assert result[2].agreement == 0
    assert (result[2].chosen, result[2].items, result[2].unanimous) == (2, 2, 0)
    # level 3: item 1 has two 3s → 2·1 = 2 agreeing of 2·2 = 4; item 3 one 3 → 0 of 1 → 2/5
    assert result[3].agreement == pytest.approx(0.4)
    assert (result[3].chosen, result[3].items, result[3].unanimous) == (3, 2, 0)
    # level 4: item 2, all three raters → 3·2 = 6 of 6 → 1
    assert result[4].agreement == 1
    assert (result[4].chosen, result[4].items, result[4].unanimous) == (3, 1, 1)
    # level 1 was on the rubric but nobody chose it
    assert result[1].agreement is None and result[1].chosen == 0
    assert list(result) == [1, 2, 3, 4]


def test_per_level_agreement_two_raters_is_specific_agreement():
    # classic table, level "yes": 2 × 20 (both yes) / (25 + 30 times chosen) = 40/55
    result = per_level_agreement(list(zip(CLASSIC_A, CLASSIC_B)))
    assert result["yes"].agreement == pytest.approx(40 / 55)
    # "no": 2 × 15 / (25 + 20) = 30/45
    assert result["no"].agreement == pytest.approx(30 / 45)


# --- the summary a calibration page shows ---------------------------------------------------
def test_summary_two_raters_uses_cohen():
    scores = {
        "essay-1": {"ana": 1, "ben": 1}, "essay-2": {"ana": 1, "ben": 2},
        "essay-3": {"ana": 1, "ben": 2}, "essay-4": {"ana": 2, "ben": 2},
        "essay-5": {"ana": 3, "ben": 3}, "essay-6": {"ana": 3, "ben": 3},
        "essay-7": {"ana": 4},  # only one rating: left out
    }
    summary = summarize(scores, levels=[1, 2, 3, 4])
    assert (summary.items, summary.raters, summary.kappa_method) == (6, 2, "cohen")
    assert summary.kappa == pytest.approx(7 / 13)        # the example worked above
    assert summary.weighted_kappa == pytest.approx(11 / 17)
    assert summary.exact == pytest.approx(4 / 6)
    assert summary.adjacent == 1
    assert set(summary.by_level) == {1, 2, 3, 4}


def test_summary_more_raters_uses_fleiss():
    scores = {item: {f"rater-{r}": level for r, level in enumerate(row)}
              for item, row in enumerate([[1, 1, 2], [3, 3, 3], [2, 2, 2], [4, 3, 4]])}
    summary = summarize(scores)
    assert summary.kappa_method == "fleiss"
    assert summary.kappa == pytest.approx(fleiss_kappa([[1, 1, 2], [3, 3, 3], [2, 2, 2], [4, 3, 4]]))
    assert summary.weighted_kappa is None


def test_summary_without_a_computable_kappa():
    # three raters, but items scored by different numbers of them: no Fleiss' kappa
    scores = {1: {"a": 3, "b": 3, "c": 2}, 2: {"a": 2, "b": 2}}
    summary = summarize(scores)
    assert summary.kappa is None and summary.kappa_method is None
    assert summary.exact == pytest.approx(2 / 4)  # (3,3) and (2,2) alike of 3 + 1 pairs
    empty = summarize({})
    assert (empty.items, empty.exact, empty.kappa) == (0, None, None)


@pytest.mark.parametrize(("kappa", "words"), [
    (None, "Not enough variety in the scores to measure agreement"),
    (-0.1, "Less agreement than chance"), (0.0, "Slight agreement"), (0.2, "Slight agreement"),
    (0.21, "Fair agreement"), (0.40, "Fair agreement"), (0.5, "Moderate agreement"),
    (0.7, "Substantial agreement"), (0.81, "Almost perfect agreement"), (1.0, "Almost perfect agreement"),
])
def test_describe_kappa(kappa, words):
    assert describe_kappa(kappa) == words


# --- properties ----------------------------------------------------------------------------
levels = st.integers(min_value=1, max_value=4)
pairs = st.lists(st.tuples(levels, levels), min_size=1, max_size=40)


@given(pairs)
def test_cohen_kappa_is_at_most_one_and_symmetric(rated):
    a, b = [x for x, _ in rated], [y for _, y in rated]
    kappa = cohens_kappa(a, b)
    assume(kappa is not None)
    assert -1 - 1e-9 <= kappa <= 1 + 1e-9
    assert cohens_kappa(b, a) == pytest.approx(kappa)
    weighted = weighted_kappa(a, b)
    if weighted is not None:
        assert weighted <= 1 + 1e-9


@given(st.integers(min_value=2, max_value=6).flatmap(
    lambda n: st.lists(st.lists(levels, min_size=n, max_size=n), min_size=1, max_size=20)))
def test_fleiss_kappa_is_at_most_one(rows):
    kappa = fleiss_kappa(rows)
    if kappa is not None:
        assert kappa <= 1 + 1e-9
    assert exact_agreement(rows) <= adjacent_agreement(rows)


@given(st.lists(st.lists(levels, min_size=2, max_size=2), min_size=2, max_size=20))
def test_unanimous_items_mean_kappa_one_when_defined(rows):
    same = [[row[0], row[0]] for row in rows]
    kappa = cohens_kappa([r[0] for r in same], [r[1] for r in same])
    assert kappa is None or kappa == pytest.approx(1)
    assert exact_agreement(same) == 1
