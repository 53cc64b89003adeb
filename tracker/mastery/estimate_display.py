"""What people see of an estimate: one rule for every page, CSV, chart and the API.

An estimate (say 2.957) is shown cut, never rounded, to one decimal (2.9), and "at mastery"
is decided on that same shown number (2.9 < 3: "not yet at mastery"). So the number and the
words can never contradict each other, and rounding never lifts a learner into mastery.

The cut absorbs float noise first (2.3 × 10 is 22.999999999999996 in floating point, which
must read 2.3, not 2.2): the tenths are rounded to 6 decimals before they are cut. Estimates
are already rounded to 9 decimals by ``tracker.mastery.estimates``.

A teacher's hand-set level (mastery.teacher_levels), when one holds, is what people see instead
of the estimate, marked as such ("set by the teacher", and "kept" when new evidence will not end
it); it shows even where the estimate is withheld for too little evidence.

Pure: plain numbers in, plain values out; words are marked for translation (show them with
``_(shown.words)``).
"""
import math
from dataclasses import dataclass

from ..textmarks import N_

AT_MASTERY = N_("at mastery")
NOT_YET_AT_MASTERY = N_("not yet at mastery")
SET_BY_TEACHER = N_("set by the teacher")
SET_BY_TEACHER_KEPT = N_("set by the teacher, kept when new evidence arrives")
TEACHER_MARK = "✎"  # after a hand-set level where words do not fit (a heatmap cell, its table and CSV)


@dataclass(frozen=True)
class ShownEstimate:
    value: float  # the estimate cut to one decimal: the only number people see
    at_mastery: bool  # decided on `value`, so it always agrees with the number
    level: int  # the whole level reached (2.9 → 2), for labels and colours
    set_by_teacher: bool = False  # a teacher's hand-set level, not the estimate
    kept: bool = False  # ... which new evidence does not end

    @property
    def marker(self) -> str | None:
        """"set by the teacher" (or "..., kept ..."), marked for _(); None for an estimate."""
        if not self.set_by_teacher:
            return None
        return SET_BY_TEACHER_KEPT if self.kept else SET_BY_TEACHER

    @property
    def text(self) -> str:
        return f"{self.value:.1f}"

    @property
    def words(self) -> str:
        """"at mastery" or "not yet at mastery", in English marked for _()."""
        return AT_MASTERY if self.at_mastery else NOT_YET_AT_MASTERY


def cut_to_tenths(estimate: float) -> float:
    """The estimate cut (not rounded) to one decimal: 2.957 → 2.9, 2.3 → 2.3, 3.0 → 3.0."""
    return math.floor(round(estimate * 10, 6)) / 10


def estimate_text(estimate: float | None) -> str:
    """The number people see, as text: "2.9" for 2.957; "—" for no estimate. The same as
    ``shown_estimate(...).text``, for places that show the number without the words."""
    return "—" if estimate is None else f"{cut_to_tenths(estimate):.1f}"


def shown_estimate(estimate: float | None, threshold: float, teacher_level=None) -> ShownEstimate | None:
    """What people see of ``estimate`` on a scale whose mastery starts at ``threshold``; None for none.

    ``teacher_level``: the teacher's hand-set level holding now (anything with ``level`` and
    ``keep``, e.g. a TeacherLevel), shown instead of the estimate, marked."""
    if teacher_level is not None:
        value = cut_to_tenths(teacher_level.level)
        return ShownEstimate(value=value, at_mastery=value >= threshold, level=math.floor(value),
                             set_by_teacher=True, kept=bool(teacher_level.keep))
    if estimate is None:
        return None
    value = cut_to_tenths(estimate)
    return ShownEstimate(value=value, at_mastery=value >= threshold, level=math.floor(value))
