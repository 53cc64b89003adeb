"""Why a support flag closed, in words a teacher can check: the facts the rules saw for a learner
are kept (LearnerFacts), and an open flag the rules no longer want is given its reason from them.
Pure, like flag_rules: nothing here touches Flask or the database."""
from collections.abc import Collection, Mapping
from datetime import date
from typing import NamedTuple

from ..textmarks import N_
from .flag_rules import Reason


class LearnerFacts(NamedTuple):
    """What the rules saw for one learner, kept so a flag that ends can say why (why_resolved)."""
    active: bool = True
    last_evidence_on: date | None = None
    mastered: Collection[int] = ()
    shown: Collection[int] = ()                 # latest attempt at or above mastery
    rose: Collection[int] = ()                  # competencies whose level rose on the latest attempt
    on_progressions: Collection[int] = ()       # progressions placed on and in use
    placed_not_in_use: Collection[int] = ()     # placed on, but inactive or a draft
    prerequisites: Mapping[int, Collection[int]] | None = None
    placed_out: Collection[int] = ()


DUPLICATE = Reason(N_("A duplicate of an older open flag"))


def why_resolved(kind: str, competency_id: int | None, progression_id: int | None,
                 facts: LearnerFacts | None) -> Reason:
    """Why an open flag the rules no longer want has closed, in words a teacher can check."""
    if facts is None or not facts.active:
        return Reason(N_("The learner is no longer active"))
    if progression_id is not None and progression_id not in facts.on_progressions:
        if progression_id in facts.placed_not_in_use:
            return Reason(N_("The progression is not in use now (inactive or a draft)"))
        return Reason(N_("The learner is no longer placed on this progression"))
    if kind == "stalled" and facts.last_evidence_on is not None:
        return Reason(N_("New evidence on %(date)s"), date=facts.last_evidence_on.isoformat())
    if kind == "behind_pace":
        return Reason(N_("Back on pace on this progression"))
    if competency_id is not None and competency_id in facts.mastered:
        return Reason(N_("The competency is mastered"))
    if competency_id is not None and competency_id in facts.shown:
        if kind == "prerequisite_gap":
            return Reason(N_("The latest attempt on this step is at the mastery level"))
        return Reason(N_("The latest attempt is at the mastery level"))
    if kind == "repeated_not_yet" and competency_id in facts.rose:
        return Reason(N_("The level rose; attempts since then are counted anew"))
    if kind == "prerequisite_gap" and facts.prerequisites is not None:
        required = facts.prerequisites.get(competency_id, ())
        if all(p in facts.mastered or p in facts.placed_out for p in required):
            return Reason(N_("The prerequisites are mastered now"))
    return Reason(N_("The rule no longer applies (the evidence, a decision or a setting changed)"))
