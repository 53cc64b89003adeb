"""The class heatmap: a section's learners × a framework's competencies, read in a fixed number
of queries whatever the size (the cells come from the evidence summaries in one query)."""
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import case, exists, func, select
from sqlalchemy.orm import selectinload

from ..competencies.models import Competency, Framework, ProficiencyScale
from ..extensions import db
from ..mastery.teacher_levels import holding
from ..progressions.models import Placement, Progression
from ..rosters import members
from ..rosters.models import Learner, Section
from ..supports.models import SupportFlag
from ..supports.service import refresh_pending
from ..supports.pace import Pace
from .models import EvidenceSummary
from ..standing.engine import mastery_for, standings_for
from ..standing.reads import current_outcomes
from .estimate_rules import Rule, rule_for
from .summaries import cells_for

SORTS = ("name", "pace", "flags")
# furthest behind first; just started, no pace set and not placed after every measured pace
PACE_ORDER = {"far_behind": 0, "behind": 1, "on_pace": 2, "ahead": 3, "just_started": 4, "no_pace": 5,
              "not_placed": 6}
# Up to this many cells the grid shows each cell's level and links every cell in the table;
# above it the cells show only the ✓ and the table is paginated.
SMALL_GRID_CELLS = 2500


@dataclass(frozen=True)
class Column:
    competency_id: int
    code: str
    statement: str
    label: str  # unique on the axis


@dataclass
class Row:
    learner_id: int
    name: str
    sort_key: tuple
    label: str  # unique on the axis
    pace: Pace | None = None
    pace_state: str = "not_placed"  # standing.days.PACE_STATES
    progression_title: str | None = None
    open_flags: int = 0


@dataclass
class Heatmap:
    section: Section
    framework: Framework | None
    frameworks: list[Framework]
    domains: list[Column]
    domain_id: int | None
    sort: str
    rows: list[Row] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    cells: dict = field(default_factory=dict)  # (learner, competency) -> (estimate, count, scored, last ISO)
    outcomes: dict = field(default_factory=dict)  # (learner, competency) -> "mastered" | "not_yet"
    rule: Rule | None = None
    by_teacher: set = field(default_factory=set)  # (learner, competency) cells showing a teacher's hand-set level

    @property
    def cell_count(self) -> int:
        return len(self.rows) * len(self.columns)

    @property
    def is_small(self) -> bool:
        return self.cell_count <= SMALL_GRID_CELLS

    @property
    def levels(self) -> list[tuple[int, str]]:
        return [(level.number, level.label) for level in self.framework.scale.levels] if self.framework else []

    @property
    def threshold(self) -> int | None:
        return self.framework.scale.mastery_threshold if self.framework else None

    def cell(self, learner_id: int, competency_id: int):
        return self.cells.get((learner_id, competency_id))

    def outcome(self, learner_id: int, competency_id: int) -> str | None:
        return self.outcomes.get((learner_id, competency_id))


def section_learner_ids(section_id: int):
    """The SELECT of the section's learners' ids (used as a subquery, never as a list)."""
    return members.learner_ids_select(section_id, include_inactive=False)


def _subject_matches(course_title: str, framework: Framework) -> bool:
    """Does the course title name the framework's subject ("Math 6" and "Mathematics")?"""
    course = [word for word in course_title.casefold().split() if len(word) >= 3 and word.isalpha()]
    subject = (framework.subject or "").casefold().split()
    return any(s.startswith(c) or c.startswith(s) for c in course for s in subject if len(s) >= 3)


def _default_framework_id(section: Section, frameworks: list[Framework], viewer=None) -> int | None:
    """The framework most of the section's learners have a progression on (the viewer's first: the
    one whose placements it made, so the reading teacher of a studio opens on reading), else the first
    one (by title) with evidence for them, else the first one; frameworks whose subject the course
    title names ("Math 6": Mathematics) come before all others, educator frameworks after."""
    learners = section_learner_ids(section.id)
    usable = [f for f in frameworks if not f.is_educator_framework] or frameworks
    candidates = [f for f in usable if _subject_matches(section.course_title, f)] or usable
    ids = [f.id for f in candidates]
    placed = db.session.execute(
        select(Progression.framework_id)
        .join(Placement, Placement.progression_id == Progression.id)
        .where(Placement.ended_at.is_(None), Placement.learner_id.in_(learners), Progression.framework_id.in_(ids))
        .group_by(Progression.framework_id)
        .order_by(func.sum(case((Placement.placed_by_id == getattr(viewer, "id", None), 1), else_=0)).desc(),
                  func.count(Placement.id).desc(), Progression.framework_id)
        .limit(1)).scalar()
    if placed is not None:
        return placed
    with_evidence = db.session.scalar(
        select(Framework.id).where(Framework.id.in_(ids), exists().where(
            Competency.framework_id == Framework.id, EvidenceSummary.competency_id == Competency.id,
            EvidenceSummary.learner_id.in_(learners)))
        .order_by(Framework.title, Framework.id).limit(1))
    return with_evidence or (candidates[0].id if candidates else None)


def natural_key(text: str) -> tuple:
    """Sorts "Learner2" before "Learner10" and "Álvaro" with "Alvaro", ignoring case."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(ch))
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", plain) if part)


def _unique_labels(texts: list[str], extras: list) -> list[str]:
    """Axis labels must be unique (Plotly merges equal categories): repeat ones get their id."""
    counts = Counter(texts)
    return [f"{text} #{extra}" if counts[text] > 1 else text for text, extra in zip(texts, extras)]


def _columns(framework_id: int, domain_id: int | None) -> tuple[list[Column], list[Column]]:
    """(domains, columns): the top-level competencies, and the competencies the grid shows in
    tree order: everything below the domains (only below `domain_id` when given), or every
    competency of a flat framework."""
    rows = db.session.execute(
        select(Competency.id, Competency.parent_id, Competency.code, Competency.statement)
        .where(Competency.framework_id == framework_id).order_by(Competency.position, Competency.id)).all()
    ids = {r.id for r in rows}
    children: dict[int | None, list] = {}
    for r in rows:
        children.setdefault(r.parent_id if r.parent_id in ids else None, []).append(r)
    tops = children.get(None, [])
    hierarchical = any(children.get(top.id) for top in tops)
    domains = [Column(t.id, t.code or "", t.statement, t.code or t.statement) for t in tops] if hierarchical else []
    starts = [t for t in tops if domain_id is None or t.id == domain_id] if hierarchical else tops
    ordered = []

    def walk(node, include):
        if include:
            ordered.append(node)
        for child in children.get(node.id, []):
            walk(child, True)

    for top in starts:
        walk(top, not hierarchical)
    texts = [r.code or (r.statement[:29] + "…" if len(r.statement) > 30 else r.statement) for r in ordered]
    labels = _unique_labels(texts, [r.id for r in ordered])
    return domains, [Column(r.id, r.code or "", r.statement, label) for r, label in zip(ordered, labels)]


def build_heatmap(section: Section, *, framework_id: int | None = None, domain_id: int | None = None,
                  sort: str = "name", viewer=None) -> Heatmap:
    """The heatmap of a section on one framework (its default when none or an unknown one is given)."""
    sort = sort if sort in SORTS else "name"
    # Published frameworks only (a draft is still being written); educator frameworks only for a
    # section of educators.
    shown = [Framework.status == "published"]
    if db.session.scalar(select(Learner.id).where(Learner.id.in_(section_learner_ids(section.id)),
                                                  Learner.is_educator.is_(True)).limit(1)) is None:
        shown.append(Framework.is_educator_framework.is_(False))
    frameworks = list(db.session.scalars(
        select(Framework).where(*shown)
        .options(selectinload(Framework.scale).selectinload(ProficiencyScale.levels))
        .order_by(Framework.title, Framework.id)))
    by_id = {f.id: f for f in frameworks}
    if framework_id not in by_id:
        framework_id = _default_framework_id(section, frameworks, viewer)
    framework = by_id.get(framework_id)
    heatmap = Heatmap(section=section, framework=framework, frameworks=frameworks, domains=[], domain_id=None,
                      sort=sort)
    if framework is None:
        return heatmap
    heatmap.domains, heatmap.columns = _columns(framework.id, None)
    if domain_id in {d.competency_id for d in heatmap.domains}:
        heatmap.domain_id = domain_id
        _domains, heatmap.columns = _columns(framework.id, domain_id)

    learners = section_learner_ids(section.id)
    people = db.session.execute(
        select(Learner.id, Learner.given_name, Learner.family_name, Learner.preferred_name)
        .where(Learner.id.in_(learners))).all()
    refresh_pending(learners)  # flags of learners whose evidence changed are brought up to date first
    flags = dict(db.session.execute(
        select(SupportFlag.learner_id, func.count(SupportFlag.id))
        .where(SupportFlag.resolved_at.is_(None), SupportFlag.learner_id.in_(learners))
        .group_by(SupportFlag.learner_id)).all())
    decided = current_outcomes(learners, [framework.id])
    standings = standings_for(learners, framework_id=framework.id, decisions=decided, with_status=False)

    names = [f"{p.preferred_name or p.given_name} {p.family_name}" for p in people]
    labels = _unique_labels(names, [p.id for p in people])
    rows = []
    for person, name, label in zip(people, names, labels):
        standing = (standings.get(person.id) or [None])[0]
        rows.append(Row(learner_id=person.id, name=name, label=label,
                        sort_key=(natural_key(person.family_name),
                                  natural_key(person.preferred_name or person.given_name), person.id),
                        pace=standing.pace if standing else None,
                        pace_state=standing.pace_state if standing else "not_placed",
                        progression_title=standing.progression.title if standing else None,
                        open_flags=flags.get(person.id, 0)))
    heatmap.rows = sorted(rows, key=_sorter(sort))
    heatmap.rule = rule_for(framework)
    heatmap.cells = cells_for(learners=learners, framework_id=framework.id, rule=heatmap.rule,
                              competency_ids=[c.competency_id for c in heatmap.columns]
                              if heatmap.domain_id else None)
    _apply_teacher_levels(heatmap, learners)
    # a decided "not yet", else mastered by decision or by roll-up (the standing engine's answer)
    heatmap.outcomes = {(lid, cid): outcome for lid, by_competency in decided.items()
                        for cid, (outcome, _day) in by_competency.items() if outcome != "mastered"}
    heatmap.outcomes.update({(lid, cid): "mastered" for lid, mastered in
                             mastery_for(learners, [framework.id], decisions=decided).items() for cid in mastered})
    return heatmap


def _sorter(sort: str):
    if sort == "pace":
        def key(row: Row):
            ratio = row.pace.ratio if row.pace is not None and row.pace.ratio is not None else 1.0
            return (PACE_ORDER.get(row.pace_state, len(PACE_ORDER)), ratio, row.sort_key)
        return key
    if sort == "flags":
        return lambda row: (-row.open_flags, row.sort_key)
    return lambda row: row.sort_key


def _apply_teacher_levels(heatmap: Heatmap, learners) -> None:
    """A teacher's hand-set level holding now shows instead of the estimate (marked by cell_text)."""
    by_teacher = holding(learners, [c.competency_id for c in heatmap.columns])
    for key, teacher_level in by_teacher.items():
        count, scored, last = heatmap.cells.get(key, (None, 0, 0, None))[1:]
        heatmap.cells[key] = (teacher_level.level, count, scored, last)
    heatmap.by_teacher = set(by_teacher)
