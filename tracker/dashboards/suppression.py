"""Small-group suppression for disaggregated reports. Pure: no Flask, no database.

A report by subgroup (English learners, IEP/504, free or reduced lunch, gender, race or
ethnicity) must not let anyone learn about a few identifiable learners. The rule:

1. **Primary suppression.** Any group of fewer than `minimum` (10) learners is hidden: its
   size and every figure about it are shown as "suppressed (fewer than 10)".
2. **Complementary suppression.** The groups of one attribute partition the learners (every
   learner is in exactly one, "not recorded" included), and the report shows the total. If a
   single group were hidden, its size (and its counts, and a rate times its size) would follow
   by subtracting the others from the total. So while the hidden groups together hold fewer
   than `minimum` learners, the smallest group still shown is hidden too. (Hidden groups
   that hold no learner at all reveal nothing about anyone and need no complement.)
3. **Small totals.** When the whole population is under `minimum`, every group is hidden and
   so is the total.

What this does not cover, and why: differencing across separate tables. The report shows the
school's table and each section's table; a section's groups could be subtracted from the
school's only if the sections partitioned the school, and they do not (a learner sits in
several sections), so no section table is the school table minus the others. Each table is
protected on its own by the rules above.
"""
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from ..textmarks import N_

K = TypeVar("K", bound=Hashable)
MINIMUM_GROUP = 10
SUPPRESSED_TEXT = N_("suppressed (fewer than %(n)s)")

SHOWN, PRIMARY, COMPLEMENTARY, SMALL_TOTAL = "shown", "primary", "complementary", "small_total"


@dataclass(frozen=True)
class Suppression:
    """Which groups of one partition are hidden, and why (one of the constants above)."""

    reasons: dict  # group key -> SHOWN | PRIMARY | COMPLEMENTARY | SMALL_TOTAL
    total_hidden: bool

    def hidden(self, key) -> bool:
        return self.reasons.get(key, SHOWN) != SHOWN


def suppress(sizes: Mapping[K, int], *, minimum: int = MINIMUM_GROUP, total_shown: bool = True) -> Suppression:
    """Decide which groups of one attribute to hide, from each group's number of learners.

    `sizes` must cover the whole partition (every learner in exactly one group). With
    total_shown=False (no total on the page) only primary suppression applies.
    """
    if any(size < 0 for size in sizes.values()):
        raise ValueError("group sizes cannot be negative")
    total = sum(sizes.values())
    if total < minimum:
        return Suppression({key: SMALL_TOTAL for key in sizes}, total_hidden=True)
    reasons = {key: (PRIMARY if size < minimum else SHOWN) for key, size in sizes.items()}
    if total_shown:
        while True:
            hidden_size = sum(sizes[key] for key, reason in reasons.items() if reason != SHOWN)
            shown = [key for key, reason in reasons.items() if reason == SHOWN]
            if hidden_size == 0 or hidden_size >= minimum or not shown:
                break
            smallest = min(shown, key=lambda key: (sizes[key], str(key)))
            reasons[smallest] = COMPLEMENTARY
    return Suppression(reasons, total_hidden=False)
