"""How far validators agree when they score the same pieces of evidence (calibration).

Pure functions over plain levels; nothing here touches Flask or the database.

Most functions take ``ratings``: one row per piece of evidence (an "item"), holding the
levels the raters gave it, in any order, e.g. ``[[3, 3, 2], [4, 4, 4]]``. Items with
fewer than two ratings say nothing about agreement and are left out.

Definitions:

* exact agreement: of all pairs of raters who scored the same item, the share that gave
  the same level (pooled over all items; for two raters this is the share of items
  scored alike).
* adjacent agreement: the same, counting pairs whose levels differ by at most one
  (so it includes exact agreement).
* Cohen's kappa (two raters): (po − pe) / (1 − pe), po the observed and pe the chance
  agreement from each rater's own level frequencies. The linear-weighted variant counts
  a disagreement by its distance in levels: κw = 1 − observed mean distance / chance
  mean distance.
* Fleiss' kappa (any number of raters; every item rated by the same number of raters,
  not necessarily the same people).
* per-level agreement (specific agreement): for a level L, of all the times a rater
  chose L, the share of the other raters of the same item who chose L too:
  Σ nᵢL(nᵢL − 1) / Σ nᵢL(mᵢ − 1), nᵢL the raters choosing L on item i and mᵢ its raters.
  For two raters it is 2·(both chose L) / (times L was chosen).

Kappa is undefined when chance agreement is already certain, e.g. every rater gave one
and the same level to every item: the functions then return None, never a made-up 0 or 1.
"""
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from math import fsum

from ..textmarks import N_

Ratings = Sequence[Sequence[Hashable]]


@dataclass(frozen=True)
class LevelAgreement:
    level: Hashable
    chosen: int          # times any rater chose this level (items with two ratings or more)
    items: int           # items where at least one rater chose it
    unanimous: int       # items where every rater chose it
    agreement: float | None  # specific agreement (see the module docstring); None if never chosen


@dataclass(frozen=True)
class AgreementSummary:
    items: int                       # items with at least two ratings
    raters: int
    exact: float | None
    adjacent: float | None
    kappa: float | None
    kappa_method: str | None         # "cohen" (two raters), "fleiss" (more), None (not computable)
    weighted_kappa: float | None     # linear-weighted Cohen's kappa, two raters only
    by_level: dict[Hashable, LevelAgreement]


def exact_agreement(ratings: Ratings) -> float | None:
    """Share of rater pairs on the same item who gave the same level; None without any pair."""
    return _pair_share(ratings, lambda a, b: a == b)


def adjacent_agreement(ratings: Ratings) -> float | None:
    """Share of rater pairs on the same item whose levels differ by one at most; None without any pair."""
    return _pair_share(ratings, lambda a, b: abs(a - b) <= 1)


def cohens_kappa(rater_a: Sequence[Hashable], rater_b: Sequence[Hashable]) -> float | None:
    """Unweighted Cohen's kappa of two raters who scored the same items in the same order."""
    n = _check_pair(rater_a, rater_b)
    if n == 0:
        return None
    observed = sum(a == b for a, b in zip(rater_a, rater_b))
    counts_a, counts_b = Counter(rater_a), Counter(rater_b)
    chance = sum(counts_a[level] * counts_b[level] for level in counts_a)  # pe × n²
    if chance == n * n:
        return None
    return (observed / n - chance / (n * n)) / (1 - chance / (n * n))


def weighted_kappa(rater_a: Sequence[float], rater_b: Sequence[float]) -> float | None:
    """Linear-weighted Cohen's kappa: disagreements count by their distance in levels."""
    n = _check_pair(rater_a, rater_b)
    if n == 0:
        return None
    observed = fsum(abs(a - b) for a, b in zip(rater_a, rater_b)) / n
    counts_a, counts_b = Counter(rater_a), Counter(rater_b)
    chance = fsum(
        count_a * count_b * abs(level_a - level_b)
        for level_a, count_a in counts_a.items()
        for level_b, count_b in counts_b.items()
    ) / (n * n)
    if chance == 0:
        return None
    return 1 - observed / chance


def fleiss_kappa(ratings: Ratings) -> float | None:
    """Fleiss' kappa from one row of levels per item; every row must have the same length (≥ 2)."""
    levels = sorted({level for row in ratings for level in row}, key=_sort_key)
    counts = [Counter(row) for row in ratings]
    table = [[row[level] for level in levels] for row in counts]
    return fleiss_kappa_from_counts(table)


def fleiss_kappa_from_counts(table: Sequence[Sequence[int]]) -> float | None:
    """Fleiss' kappa from a table: one row per item, one column per level, cells = raters choosing it.

    Raises ValueError when items were rated by different numbers of raters, or by fewer than two.
    """
    if not table:
        return None
    raters = {sum(row) for row in table}
    if len(raters) != 1:
        raise ValueError("Every item must be rated by the same number of raters.")
    n = raters.pop()
    if n < 2:
        raise ValueError("Every item needs at least two ratings.")
    items = len(table)
    totals = [sum(column) for column in zip(*table)]  # ratings per level over all items
    if sum(total * total for total in totals) == (items * n) ** 2:
        return None  # one level took every rating: chance agreement is 1
    # P̄e = Σ pⱼ², pⱼ the share of all ratings at level j; P̄ = mean of Pᵢ = (Σⱼ nᵢⱼ² − n) / (n(n − 1)).
    chance = fsum((total / (items * n)) ** 2 for total in totals)
    mean_agreement = fsum((sum(cell * cell for cell in row) - n) / (n * (n - 1)) for row in table) / items
    return (mean_agreement - chance) / (1 - chance)


def per_level_agreement(ratings: Ratings, levels: Sequence[Hashable] = ()) -> dict[Hashable, LevelAgreement]:
    """{level: LevelAgreement} for every level chosen, plus any in ``levels`` (so a rubric shows whole)."""
    rated = [Counter(row) for row in ratings if len(row) >= 2]
    sizes = [sum(counts.values()) for counts in rated]
    all_levels = sorted(set(levels) | {level for counts in rated for level in counts}, key=_sort_key)
    result = {}
    for level in all_levels:
        agreeing = sum(c[level] * (c[level] - 1) for c in rated)
        possible = sum(c[level] * (size - 1) for c, size in zip(rated, sizes))
        result[level] = LevelAgreement(
            level=level,
            chosen=sum(c[level] for c in rated),
            items=sum(1 for c in rated if c[level]),
            unanimous=sum(1 for c, size in zip(rated, sizes) if c[level] == size),
            agreement=agreeing / possible if possible else None,
        )
    return result


def summarize(
    scores: Mapping[Hashable, Mapping[Hashable, Hashable]], levels: Sequence[Hashable] = ()
) -> AgreementSummary:
    """Everything a calibration results page shows, from {item: {rater: level}}.

    Cohen's kappa (and its weighted variant) when exactly two raters took part; Fleiss'
    kappa when more did and every item has the same number of ratings; otherwise no kappa
    (kappa_method None). Items with fewer than two ratings are left out throughout.
    Levels must be numbers here (adjacent agreement and weighted kappa measure distance).
    """
    scored = {item: dict(by_rater) for item, by_rater in scores.items() if len(by_rater) >= 2}
    ratings = [list(by_rater.values()) for by_rater in scored.values()]
    raters = sorted({rater for by_rater in scored.values() for rater in by_rater}, key=_sort_key)
    kappa = weighted = method = None
    if len(raters) == 2:
        first, second = raters
        method = "cohen"
        rater_a = [scored[item][first] for item in scored]
        rater_b = [scored[item][second] for item in scored]
        kappa = cohens_kappa(rater_a, rater_b)
        weighted = weighted_kappa(rater_a, rater_b)
    elif len(raters) > 2 and len({len(row) for row in ratings}) == 1:
        method = "fleiss"
        kappa = fleiss_kappa(ratings)
    return AgreementSummary(
        items=len(scored),
        raters=len(raters),
        exact=exact_agreement(ratings),
        adjacent=adjacent_agreement(ratings),
        kappa=kappa,
        kappa_method=method,
        weighted_kappa=weighted,
        by_level=per_level_agreement(ratings, levels),
    )


# Landis and Koch's (1977) usual reading of kappa: (upper bound, words), checked in order.
KAPPA_READINGS = (
    (0.2, N_("Slight agreement")),
    (0.4, N_("Fair agreement")),
    (0.6, N_("Moderate agreement")),
    (0.8, N_("Substantial agreement")),
    (1.0, N_("Almost perfect agreement")),
)


def describe_kappa(kappa: float | None) -> str:
    """Plain-English reading of a kappa (translate it in the view with _())."""
    if kappa is None:
        return N_("Not enough variety in the scores to measure agreement")
    if kappa < 0:
        return N_("Less agreement than chance")
    for upper, reading in KAPPA_READINGS:
        if kappa <= upper:
            return reading
    return KAPPA_READINGS[-1][1]


def _pair_share(ratings: Ratings, agree) -> float | None:
    pairs = agreeing = 0
    for row in ratings:
        for a, b in combinations(row, 2):
            pairs += 1
            agreeing += bool(agree(a, b))
    return agreeing / pairs if pairs else None


def _check_pair(rater_a: Sequence, rater_b: Sequence) -> int:
    if len(rater_a) != len(rater_b):
        raise ValueError("Both raters must score the same items.")
    return len(rater_a)


def _sort_key(value):
    # Levels are numbers in practice; fall back to text so mixed keys still sort.
    return (0, value, "") if isinstance(value, int | float) else (1, 0, str(value))
