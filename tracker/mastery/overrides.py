"""A decision that disagrees with the evidence: noticed, explained, recorded.

The rule (every decision path calls `check_override`, through `service.record_decision`):

- Deciding "mastered" while the estimate reads "not yet at mastery" overrides the estimate. The
  estimate is read as people see it (`estimate_display.shown_estimate`: cut to one decimal, and
  "at mastery" decided on that number), so the page's words and this rule never disagree: 2.957
  on a scale whose mastery starts at 3 reads 2.9, not yet at mastery, and "mastered" overrides it.
- Deciding "mastered" at a level above every cited piece's level overrides the evidence: nothing
  the validator relied on showed that level. Cited pieces without a level (a note, an artifact
  not scored) show no level, so citing only those puts any level above them.
- Either way the validator writes a sentence of rationale for the difference (`override_rationale`);
  without it nothing is saved. The decision records that it overrode (`overrode_estimate`), why
  (`override_kind`), the sentence, and the estimate as it was (`estimate_value`, already kept).
- "Not yet" never overrides: a validator may always ask for more.

`single_formative_warning` is the gentle counterpart when proposing: one formative piece alone
is thin ground for a validation request, so the proposal page says so without refusing it.
"""
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _

from ..form_helpers import FieldProblem
from ..i18n import estimate_for_reader
from ..textmarks import N_
from .estimate_display import shown_estimate

BELOW_MASTERY = "below_mastery"
ABOVE_EVIDENCE = "above_evidence"
BOTH = "below_mastery_above_evidence"
KIND_WORDS = {  # N_: translated where shown
    BELOW_MASTERY: N_("decided mastered while the estimate was below mastery"),
    ABOVE_EVIDENCE: N_("decided a level above every cited piece"),
    BOTH: N_("decided mastered while the estimate was below mastery, at a level above every cited piece"),
}


@dataclass(frozen=True)
class Override:
    kind: str  # BELOW_MASTERY, ABOVE_EVIDENCE or BOTH
    rationale: str


def override_kind(*, outcome: str, level: int | None, estimate: float | None, threshold: int,
                  cited_levels: Iterable[int | None]) -> str | None:
    """How a decision disagrees with the evidence (one of the kinds above), or None. Pure.

    No estimate (no accepted, scored evidence) is not "below mastery": there is nothing to
    override; the level rule still applies.
    """
    if outcome != "mastered":
        return None
    shown = shown_estimate(estimate, threshold)
    below = shown is not None and not shown.at_mastery
    levels = [cited for cited in cited_levels if cited is not None]
    above = level is not None and (not levels or level > max(levels))
    if below and above:
        return BOTH
    return BELOW_MASTERY if below else ABOVE_EVIDENCE if above else None


def check_override(*, outcome: str, level: int | None, estimate: float | None, threshold: int,
                   cited_levels: Iterable[int | None], override_rationale: str | None) -> Override | None:
    """The override this decision makes, with its sentence of rationale; None when it makes none.

    Raises FieldProblem on `override_rationale` when the decision overrides without one.
    """
    kind = override_kind(outcome=outcome, level=level, estimate=estimate, threshold=threshold,
                         cited_levels=cited_levels)
    if kind is None:
        return None
    rationale = (override_rationale or "").strip()
    if not rationale:
        shown = shown_estimate(estimate, threshold)
        if kind == ABOVE_EVIDENCE:
            message = _("Level %(level)s is above every piece you cited. Write a sentence on why the "
                        "learner shows that level.", level=level)
        else:
            # The estimate's own words (estimate_display), so this message reads as the estimate panel does.
            message = _("The estimate is %(estimate)s, %(words)s. Write a sentence on why you decide "
                        "mastered anyway.", estimate=estimate_for_reader(estimate), words=_(shown.words))
        raise FieldProblem("override_rationale", message)
    return Override(kind=kind, rationale=rationale)


def single_formative_warning(kinds: Iterable[str]) -> bool:
    """True when the learner's evidence on the competency is one formative piece and nothing else.

    `kinds` are the kinds of the learner's pieces on the competency (deleted ones left out)."""
    kinds = list(kinds)
    return len(kinds) == 1 and kinds[0] == "formative"
