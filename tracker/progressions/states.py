"""Where a learner stands on each step of a progression. Pure: no Flask, no database.

A step is, in this order of precedence:
- "mastered": its competency is mastered (by decision or roll-up);
- "placed_past": it comes before the learner's starting step: not mastered by any decision,
  but treated as met, so it neither blocks later steps nor shows as locked;
- "open": every prerequisite is mastered or placed past, so the learner can work on it now;
- "locked": some prerequisite is not met yet; `unmet` names them.
"""
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

STATES = ("mastered", "open", "locked", "placed_past")


@dataclass(frozen=True)
class Step:
    competency_id: int
    position: int
    name: str  # how a message names it: its code, or its statement when it has no code


@dataclass
class StepStatus:
    step: Step
    state: str
    prerequisites: list[str] = field(default_factory=list)  # names of every prerequisite
    prerequisite_ids: list[int] = field(default_factory=list)  # the same, as competency ids
    unmet: list[str] = field(default_factory=list)  # names of the prerequisites still to meet
    unmet_ids: list[int] = field(default_factory=list)  # the same, as competency ids

    @property
    def competency_id(self) -> int:
        return self.step.competency_id

    @property
    def position(self) -> int:
        return self.step.position


@dataclass
class ProgressionStatus:
    steps: list[StepStatus]
    start_position: int
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def next_step(self) -> StepStatus | None:
        """The first open step in path order: what to work on now."""
        return next((s for s in self.steps if s.state == "open"), None)

    def by_competency(self) -> dict[int, StepStatus]:
        return {s.competency_id: s for s in self.steps}


def progression_status(steps: Iterable[Step], edges: Iterable[tuple[int, int]], mastered: Iterable[int],
                       start_position: int = 1, names: dict[int, str] | None = None) -> ProgressionStatus:
    """Each step's state for a learner who starts at `start_position` and has mastered `mastered`.

    `edges` are (prerequisite id, competency id) pairs. A prerequisite outside the progression
    counts only when mastered; `names` supplies its name (else it is named by its id).
    A cycle in the edges (data that bypassed the checks) leaves the steps on it locked.
    """
    steps = sorted(steps, key=lambda s: s.position)
    mastered = set(mastered)
    names = {**(names or {}), **{s.competency_id: s.name for s in steps}}
    placed_past = {s.competency_id for s in steps if s.position < start_position}
    met = mastered | placed_past
    prerequisites = defaultdict(list)
    for before, after in dict.fromkeys(edges):
        if before != after:
            prerequisites[after].append(before)
    order = {s.competency_id: s.position for s in steps}

    def sort_key(competency_id):
        return order.get(competency_id, len(order) + 1), str(names.get(competency_id, competency_id))

    results = []
    counts = dict.fromkeys(STATES, 0)
    for step in steps:
        needed = sorted(prerequisites[step.competency_id], key=sort_key)
        needed_names = [names.get(p, str(p)) for p in needed]
        unmet_ids = []
        if step.competency_id in mastered:
            state = "mastered"
        elif step.competency_id in placed_past:
            state = "placed_past"
        else:
            unmet_ids = [p for p in needed if p not in met]
            state = "locked" if unmet_ids else "open"
        counts[state] += 1
        results.append(StepStatus(step=step, state=state, prerequisites=needed_names, prerequisite_ids=needed,
                                  unmet=[names.get(p, str(p)) for p in unmet_ids], unmet_ids=unmet_ids))
    return ProgressionStatus(steps=results, start_position=start_position, counts=counts)
