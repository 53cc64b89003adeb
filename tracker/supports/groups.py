"""Small groups: learners of a section stuck on the same competency or missing the same prerequisite.

`suggest_groups(section)` proposes them from the open flags (with the evidence that puts each
learner there); `open_group` saves one support shared by the learners a teacher kept in a group
(one SupportGroup, and one Intervention per learner pointing at it and at the flag that put the
learner there, so the flag shows support in place); `close_group` records each learner's outcome on
its own. Functions flush and never commit; a refused change raises FieldProblem naming the field
and saves nothing. Every change is audited.

How learners are grouped (the rule the page states):
* "stuck on X": an open repeated "not yet" flag on competency X;
* "missing P": an open prerequisite-gap flag whose missing prerequisites include P;
* a flag that already has support in place does not suggest a group;
* a learner is suggested for one group only: the largest it fits (then the competency's code);
* a group needs at least MIN_GROUP learners (one learner alone is individual support).
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.orm import joinedload

from ..audit import service as audit
from ..competencies.models import Competency
from ..dashboards.models import EvidenceSummary
from ..extensions import db
from ..form_helpers import FieldProblem
from ..rosters import members
from ..rosters.models import Learner
from ..textmarks import N_
from ..timeutil import utcnow
from .interventions import OPEN_STATUSES, _check
from .models import Intervention, SupportFlag, SupportGroup

MIN_GROUP = 2
GROUP_RULE = N_("Learners with a repeated “not yet” on the same competency, or a prerequisite gap missing the same "
                "prerequisite, are grouped; each learner is suggested for the largest group it fits; a flag that "
                "already has support suggests none; a group has at least two learners.")


@dataclass
class Member:
    learner: Learner
    flag: SupportFlag                  # the flag that puts the learner in this group
    evidence: str                      # the reason, and the scores on the competency the group is about


@dataclass
class SuggestedGroup:
    key: str                           # "stuck-<competency id>" or "missing-<competency id>": stable across requests
    competency: Competency
    title: str
    members: list[Member] = field(default_factory=list)


def _candidates(section) -> tuple[dict[str, list[tuple[Learner, SupportFlag]]], dict[int, Competency]]:
    """({group key: [(learner, flag)]}, {competency id: competency}) from the section's open flags: two queries."""
    supported = exists().where(Intervention.flag_id == SupportFlag.id, Intervention.status.in_(OPEN_STATUSES))
    flags = db.session.scalars(
        select(SupportFlag)
        .where(SupportFlag.learner_id.in_(members.learner_ids_select(section.id, include_inactive=False)),
               SupportFlag.resolved_at.is_(None), SupportFlag.kind.in_(("repeated_not_yet", "prerequisite_gap")),
               ~supported)
        .options(joinedload(SupportFlag.learner), joinedload(SupportFlag.competency))
        .order_by(SupportFlag.raised_at, SupportFlag.id)).unique().all()
    found: dict[str, list] = defaultdict(list)
    wanted: set[int] = set()
    for flag in flags:
        if flag.kind == "repeated_not_yet" and flag.competency_id:
            found[f"stuck-{flag.competency_id}"].append((flag.learner, flag))
            wanted.add(flag.competency_id)
        elif flag.kind == "prerequisite_gap":
            for missing in (flag.reason_values or {}).get("missing_ids") or ():
                found[f"missing-{missing}"].append((flag.learner, flag))
                wanted.add(missing)
    competencies = {c.id: c for c in db.session.scalars(select(Competency).where(Competency.id.in_(wanted)))} \
        if wanted else {}
    return found, competencies


def _title(key: str, competency: Competency) -> str:
    name = competency.code or competency.statement[:60]
    if key.startswith("stuck-"):
        return _("Re-teach %(name)s: not there yet after several tries", name=name)
    return _("Catch up on %(name)s, a prerequisite", name=name)


def suggest_groups(section) -> list[SuggestedGroup]:
    """The groups the app proposes for a section, largest first (the rule is in the module). Three queries."""
    from .words import flag_reason

    found, competencies = _candidates(section)
    keys = sorted((k for k in found if int(k.split("-")[1]) in competencies),
                  key=lambda k: (-len({lr.id for lr, _f in found[k]}),
                                 competencies[int(k.split("-")[1])].code or "", k))
    placed: set[int] = set()
    groups = []
    for key in keys:
        members = [(learner, flag) for learner, flag in found[key] if learner.id not in placed]
        seen, unique = set(), []
        for learner, flag in members:
            if learner.id not in seen:
                seen.add(learner.id)
                unique.append((learner, flag))
        if len(unique) < MIN_GROUP:
            continue
        competency = competencies[int(key.split("-")[1])]
        groups.append(SuggestedGroup(key=key, competency=competency, title=_title(key, competency),
                                     members=[Member(learner, flag, flag_reason(flag)) for learner, flag in unique]))
        placed.update(seen)
    _add_scores(groups)
    for group in groups:
        group.members.sort(key=lambda m: (m.learner.family_name or "", m.learner.given_name or "", m.learner.id))
    return groups


def _add_scores(groups: list[SuggestedGroup]) -> None:
    """Each member's scores on the group's competency, from the evidence summaries (one query)."""
    pairs = {(m.learner.id, g.competency.id) for g in groups for m in g.members}
    if not pairs:
        return
    learner_ids = {p[0] for p in pairs}
    competency_ids = {p[1] for p in pairs}
    scores = {(row.learner_id, row.competency_id): row.scores for row in db.session.execute(
        select(EvidenceSummary.learner_id, EvidenceSummary.competency_id, EvidenceSummary.scores)
        .where(EvidenceSummary.learner_id.in_(learner_ids), EvidenceSummary.competency_id.in_(competency_ids)))}
    for group in groups:
        name = group.competency.code or group.competency.statement[:40]
        for member in group.members:
            shown = scores.get((member.learner.id, group.competency.id))
            levels = ", ".join((shown or "").split(",")[-5:]) if shown else ""
            member.evidence += " · " + (_("scores on %(name)s: %(levels)s", name=name, levels=levels) if levels
                                        else _("no scored work on %(name)s yet", name=name))


# Saving -----------------------------------------------------------------------------------------

@dataclass
class GroupPlan:
    """What the teacher chose for one suggested group on the form."""
    key: str
    chosen: bool
    title: str
    kind: str
    provider: str
    plan: str
    starts_on: date | None
    review_on: date | None
    learner_ids: list[int]


def open_groups(actor, section, plans: list[GroupPlan]) -> list[SupportGroup]:
    """Open the chosen groups at once (flushes, audits); nothing is saved when any is refused.

    Raises FieldProblem naming the field (`<key>-title`, `<key>-starts_on`, `learners`, ...) for an
    empty group, a learner who is not among the section's learners with a flag to group, a
    learner chosen twice, a plan without a start date, and nothing chosen at all.
    """
    found, competencies = _candidates(section)
    flags_of: dict[int, dict[str, SupportFlag]] = defaultdict(dict)
    for key, pairs in found.items():
        for learner, flag in pairs:
            flags_of[learner.id][key] = flag
    problems: list[FieldProblem] = []
    chosen = [p for p in plans if p.chosen]
    if not chosen:
        raise FieldProblem("groups", _("Choose at least one group to open."))
    placed: dict[int, str] = {}
    for plan in chosen:
        name = plan.title.strip() or plan.key
        if plan.key.split("-")[0] not in ("stuck", "missing") or not plan.key.split("-")[-1].isdigit() \
                or int(plan.key.split("-")[1]) not in competencies:
            problems.append(FieldProblem(f"{plan.key}-title", _("This group is no longer suggested: reload the page.")))
            continue
        if not plan.learner_ids:
            problems.append(FieldProblem(f"{plan.key}-title", _(
                "The group “%(name)s” has no learners: move learners into it, or untick it.", name=name)))
        for learner_id in plan.learner_ids:
            if learner_id not in flags_of:
                problems.append(FieldProblem("learners", _(
                    "Learner %(id)s is not one of this section’s learners with a flag to group; nothing was saved.",
                    id=learner_id)))
            elif learner_id in placed:
                problems.append(FieldProblem("learners", _("A learner can be in one group only.")))
            placed[learner_id] = plan.key
        if not plan.title.strip():
            problems.append(FieldProblem(f"{plan.key}-title", _("Give the group a name.")))
        try:
            _check(plan.kind, "planned", plan.starts_on, plan.review_on, plan.plan, plan.provider)
        except FieldProblem as problem:
            problems += [FieldProblem(f"{plan.key}-{field_name}", _("%(group)s: %(problem)s", group=name,
                                                                    problem=message))
                         for field_name, message in problem.problems]
    if problems:
        raise FieldProblem.combined(problems)
    made = []
    now = utcnow()
    for plan in chosen:
        competency = competencies[int(plan.key.split("-")[1])]
        group = SupportGroup(section_id=section.id, competency_id=competency.id, title=plan.title.strip(),
                             kind=plan.kind, provider=plan.provider.strip(), plan=plan.plan.strip(),
                             starts_on=plan.starts_on, review_on=plan.review_on, status="planned",
                             opened_by_id=actor.id, opened_at=now)
        db.session.add(group)
        db.session.flush()
        for learner_id in plan.learner_ids:
            mine = flags_of[learner_id]
            flag = mine.get(plan.key) or next(iter(mine.values()))  # moved in by the teacher: the flag it came with
            db.session.add(Intervention(
                learner_id=learner_id, flag_id=flag.id, competency_id=competency.id, group_id=group.id,
                kind=plan.kind, provider=group.provider, plan=group.plan, starts_on=plan.starts_on,
                review_on=plan.review_on, status="planned", opened_by_id=actor.id, opened_at=now))
        db.session.flush()
        audit.record(actor, "support_group.open", group, section_id=section.id, learner_ids=plan.learner_ids,
                     competency_id=competency.id)
        made.append(group)
    return made


def load_group(group_id: int) -> SupportGroup | None:
    """A group with its section, competency and members (each with its learner and flag)."""
    return db.session.scalar(
        select(SupportGroup).where(SupportGroup.id == group_id)
        .options(joinedload(SupportGroup.section), joinedload(SupportGroup.competency),
                 joinedload(SupportGroup.members).joinedload(Intervention.learner),
                 joinedload(SupportGroup.members).joinedload(Intervention.flag)))


def close_group(actor, group: SupportGroup, outcomes: dict[int, str]) -> None:
    """Close the group: each learner's own outcome on its own intervention, and the group's closed_at.

    `outcomes` maps each member intervention's id to its outcome in words; every member needs one.
    """
    if group.status == "closed":
        raise FieldProblem("group", _("This group was closed on %(date)s; its outcomes no longer change.",
                                      date=group.closed_at.date().isoformat()))
    problems = []
    for member in group.members:
        if member.status != "closed" and not (outcomes.get(member.id) or "").strip():
            problems.append(FieldProblem(f"outcome-{member.id}", _(
                "Write the outcome for %(name)s: what changed, and what comes next.",
                name=member.learner.display_name)))
    if problems:
        raise FieldProblem.combined(problems)
    now = utcnow()
    for member in group.members:
        if member.status == "closed":
            continue
        member.status = "closed"
        member.outcome = outcomes[member.id].strip()
        member.closed_at = now
    group.status = "closed"
    group.closed_at = now
    db.session.flush()
    audit.record(actor, "support_group.close", group, learner_ids=[m.learner_id for m in group.members])


def start_group(actor, group: SupportGroup) -> None:
    """Mark a planned group (and its members) as in place now."""
    if group.status != "planned":
        raise FieldProblem("group", _("Only a planned group can start."))
    group.status = "active"
    for member in group.members:
        if member.status == "planned":
            member.status = "active"
    db.session.flush()
    audit.record(actor, "support_group.start", group)
