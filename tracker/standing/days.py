"""The pure rules of standing: the day each competency was mastered, and the pace state.

No Flask, no database: plain values in, plain values out.
"""
from collections.abc import Mapping
from datetime import date

from ..progressions.rollup import TreeNode, prepared, rolled_up_mastery
from ..textmarks import N_

# A learner's pace on one progression, in one word: the statuses of supports.pace, plus
# "just_started" (its first week), "no_pace" (the progression sets none) and "not_placed".
PACE_STATES = ("ahead", "on_pace", "behind", "far_behind", "just_started", "no_pace", "not_placed")
PACE_STATE_LABELS = {
    "ahead": N_("Ahead of pace"),
    "on_pace": N_("On pace"),
    "behind": N_("Behind pace"),
    "far_behind": N_("Far behind pace"),
    "just_started": N_("Just started"),
    "no_pace": N_("No pace set"),
    "not_placed": N_("Not placed"),
}


def pace_state(pace, *, placed: bool = True) -> str:
    """One of PACE_STATES for a supports.pace.Pace (None: the progression sets no usable pace)."""
    if not placed:
        return "not_placed"
    if pace is None or pace.expected_steps_by_today is None:
        return "no_pace"
    if pace.in_grace_period:
        return "just_started"
    return pace.status


def mastery_days(tree, shown_on: Mapping[int, date]) -> dict[int, date | None]:
    """{competency id: day mastered} for every competency mastered by decision or by roll-up.

    The competencies are exactly progressions.rollup.rolled_up_mastery's (the one definition of
    roll-up); this adds the days.
    shown_on holds the competencies whose current decision is "mastered", each with the day the
    learner showed it. A roll-up is mastered on the day its rule was first met: for "all", the
    latest of its children's days; for "points", the day its mastered children's points first
    reached the number needed. A competency mastered by its own decision keeps that decision's
    day. Children are worked out before parents without recursion, so any depth (and a cycle in
    bad data, which is left unmastered) is safe. The day is None only for a "points" rule that
    needs no points (children worth 0): met without any child, so on no day of its own.
    `tree`: TreeNodes, or a rollup.Tree prepared once for many learners.
    """
    tree = prepared(tree)
    mastered = rolled_up_mastery(tree, shown_on)
    days = dict(shown_on)
    for node_id in tree.rolling:
        if node_id not in days and node_id in mastered:
            met = _day_rule_met(tree.nodes[node_id], tree.children[node_id], days)
            if met is not None:
                days[node_id] = met
    return {cid: days.get(cid) for cid in mastered}


def _day_rule_met(node: TreeNode, children: list[TreeNode], days: Mapping[int, date]) -> date | None:
    if not children or node.rollup_rule not in ("all", "points"):
        return None
    if node.rollup_rule == "all":
        if all(child.id in days for child in children):
            return max(days[child.id] for child in children)
        return None
    needed = node.rollup_points_needed
    if needed is None:
        needed = sum(child.points for child in children)
    points = 0
    for day, child_points in sorted((days[c.id], c.points) for c in children if c.id in days):
        points += child_points
        if points >= needed:
            return day
    return None
