"""One mechanism keeps support flags current: ORM events queue the learners a change can move.

Every model whose rows the flag rules read is declared once, in WATCHED below, with the learners a
changed row can move: its own learner, the learners placed on its progression, those of its
school, or everyone. Then:
* after every flush, the learners of each added, changed or deleted watched row are queued with
  `learners_changed` in ONE statement, inside the flush's own transaction (a progression edit or a
  setting queues its learners with an INSERT ... SELECT, whatever their number);
* a bulk INSERT, UPDATE or DELETE statement on a watched model queues the learners of its rows
  just before it runs (everyone, when its rows cannot be known).
Readers refresh the queued learners they show (`refresh_pending`), so a flag is current whenever it
is seen, and the nightly job only adds what time alone changes. No writer calls a refresh by hand:
tests/supports/test_refresh.py fails if one does, and fails if the flag rules read a table that
is not watched here.

A new model that moves flags joins with one line in WATCHED, as the school calendar's non-school
days do:  ``Watched(NonSchoolDay, "school", NonSchoolDay.school_id),``

The same refresh rewrites the learners' rollups (standing/rollups.py), so they are current exactly when
the flags are.

Evidence summaries are kept current by the same kind of listener, in dashboards/summaries.py: they
are per learner and competency and are written in the same flush (their readers do not refresh).
"""
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import event, inspect, or_, select, true
from sqlalchemy.orm import Session

from ..calendar.models import NonSchoolDay
from ..competencies.models import Competency, Framework, ProficiencyScale
from ..evidence.models import Evidence
from ..mastery.models import DecisionCitation, MasteryDecision
from ..progressions.models import Placement, Prerequisite, Progression, ProgressionStep
from ..rosters.models import Learner, Term
from ..settings.models import Setting
from .service import learners_changed

# Settings that no flag rule reads: changing them queues nobody.
SETTINGS_NOT_READ_BY_FLAGS = frozenset({"allow_self_validation"})


def _placed_on(progression_ids):
    return Learner.id.in_(select(Placement.learner_id).where(
        Placement.progression_id.in_(progression_ids), Placement.ended_at.is_(None)))


def _placed_on_a_path_through(competency_ids):
    return Learner.id.in_(
        select(Placement.learner_id)
        .join(ProgressionStep, ProgressionStep.progression_id == Placement.progression_id)
        .where(ProgressionStep.competency_id.in_(competency_ids), Placement.ended_at.is_(None)))


# Who a changed row can move, by name: keys (the rows' values) -> a condition on Learner.
SCOPES: dict[str, Callable] = {
    "learner": lambda ids: Learner.id.in_(ids),
    "progression": _placed_on,  # the learners placed on it now
    "step": _placed_on_a_path_through,  # the learners placed on a progression with this competency as a step
    "school": lambda ids: Learner.school_id.in_(ids),
    # the learner of the decision (a citation's evidence gives the day a step was mastered)
    "decision": lambda ids: Learner.id.in_(select(MasteryDecision.learner_id).where(MasteryDecision.id.in_(ids))),
    "everyone": lambda _keys: true(),
}


@dataclass(frozen=True)
class Watched:
    """A model whose rows move flags. `key` is the column whose value names who is moved (in `scope`);
    `fields`, when given, are the only columns whose change counts; `added=False` ignores new rows
    (a new learner has nothing to flag); `when(key value)` can leave some rows out."""

    model: type
    scope: str
    key: object
    fields: tuple[str, ...] | None = None
    added: bool = True
    when: Callable[[object], bool] | None = None


WATCHED = (
    Watched(Evidence, "learner", Evidence.learner_id),  # created, edited, reviewed, deleted
    Watched(MasteryDecision, "learner", MasteryDecision.learner_id),
    Watched(DecisionCitation, "decision", DecisionCitation.decision_id),
    Watched(Placement, "learner", Placement.learner_id),
    Watched(Learner, "learner", Learner.id, fields=("active", "school_id"), added=False),
    Watched(Progression, "progression", Progression.id,
            fields=("pace_mode", "weeks_per_step", "term_id", "active", "framework_id")),
    Watched(ProgressionStep, "progression", ProgressionStep.progression_id),  # steps, order, target dates
    Watched(Prerequisite, "step", Prerequisite.competency_id),
    # The school calendar (tracker.calendar): weekdays outside every term, and the school's holidays,
    # breaks and closures, are not school days: they move the stalled flag and pace in school time.
    Watched(Term, "school", Term.school_id, fields=("starts_on", "ends_on", "active", "school_id", "kind")),
    Watched(NonSchoolDay, "school", NonSchoolDay.school_id),
    Watched(Setting, "everyone", Setting.key, when=lambda key: key not in SETTINGS_NOT_READ_BY_FLAGS),
    # Framework edits are rare: the mastery threshold, the roll-up tree and the step names move flags,
    # and so does its status (a draft's progressions raise none).
    Watched(Framework, "everyone", Framework.id, fields=("scale_id", "status"), added=False),
    Watched(ProficiencyScale, "everyone", ProficiencyScale.id, fields=("mastery_threshold",), added=False),
    Watched(Competency, "everyone", Competency.id,
            fields=("parent_id", "framework_id", "rollup_rule", "rollup_points_needed", "points", "code",
                    "statement")),
)
BY_MODEL = {watched.model: watched for watched in WATCHED}
BY_TABLE = {watched.model.__tablename__: watched for watched in WATCHED}


# Collecting who moved -------------------------------------------------------------------------

class Moved:
    """The learners moved by one flush or statement, as keys per scope."""

    def __init__(self):
        self.keys: dict[str, set] = defaultdict(set)

    def add(self, watched: Watched, values) -> None:
        values = {value for value in values if value is not None}
        if watched.when is not None:
            values = {value for value in values if watched.when(value)}
        if values:
            self.keys[watched.scope].update(values)

    def everyone(self) -> None:
        self.keys["everyone"].add(True)

    def queue(self, session) -> None:
        """Queue the moved learners in one statement (none when nobody moved)."""
        if not self.keys:
            return
        if set(self.keys) == {"learner"}:
            learners_changed(self.keys["learner"], session=session)
            return
        if "everyone" in self.keys:
            condition = true()
        else:
            condition = or_(*(SCOPES[scope](sorted(keys)) for scope, keys in sorted(self.keys.items())))
        learners_changed(select(Learner.id).where(condition), session=session)


def _changed(state, watched: Watched) -> bool:
    if watched.fields is None:
        return any(state.attrs[attr.key].history.has_changes() for attr in state.mapper.column_attrs)
    return any(state.attrs[name].history.has_changes() for name in watched.fields)


def _flushed(session) -> Moved:
    moved = Moved()
    for objects, kind in ((session.new, "added"), (session.dirty, "changed"), (session.deleted, "deleted")):
        for obj in objects:
            watched = BY_MODEL.get(type(obj))
            if watched is None or (kind == "added" and not watched.added):
                continue
            state = inspect(obj)
            if kind == "changed" and not _changed(state, watched):
                continue
            # the key now and before the change (a row moved to another learner moves both)
            moved.add(watched, state.attrs[watched.key.key].history.sum())
    return moved


@event.listens_for(Session, "after_flush")
def _after_flush(session, _flush_context):
    _flushed(session).queue(session)


# Bulk statements ------------------------------------------------------------------------------

def _statement_moved(state, watched: Watched) -> Moved:
    moved = Moved()
    params = state.parameters
    rows = params if isinstance(params, list) else [params] if params else []
    name = watched.key.key
    if state.is_insert and not watched.added:
        return moved
    if state.is_update and watched.fields is not None and rows and not any(
            field in row for row in rows for field in watched.fields):
        return moved
    if rows and (state.is_insert or watched.scope == "everyone") and all(name in row for row in rows):
        moved.add(watched, (row[name] for row in rows))
    else:
        moved.everyone()  # which rows an UPDATE or DELETE statement touches cannot be known here
    return moved


def _on_bulk_write(state):
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    # (ORM statements carry an annotated copy of the table: compare names, not identity)
    watched = BY_TABLE.get(getattr(getattr(state.statement, "table", None), "name", None))
    if watched is not None:
        _statement_moved(state, watched).queue(state.session)
    return None  # the statement itself runs as usual


# First among the listeners: another one (evidence summaries) runs the statement and returns its
# result, which ends the chain.
event.listen(Session, "do_orm_execute", _on_bulk_write, insert=True)
