"""What the student's progress page and the family page show, for one learner or for a guardian's
children at once, in a fixed number of queries (however many children, steps or evidence)."""
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import ngettext
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..auth import policy
from ..auth.models import User
from ..competencies.models import Competency
from ..competencies.translation import Localized, in_reader_language, original_language, trimmed, with_content
from ..evidence.models import Evidence
from ..extensions import db
from ..progressions.layout import MapStep
from ..rosters.models import Enrollment, Learner, Section, TeachingAssignment
from ..supports.interventions import current_interventions
from ..standing.engine import Standing, standings_for
from ..evidence.as_of import evidence_as_of
from ..timeutil import today as utc_today

MAP_LEGEND = ("mastered", "ready", "in_progress", "open", "locked", "placed_past")
RECENT_FEEDBACK = 5
RECENT_MASTERY_DAYS = 30  # "mastered lately" on the family page
COMING_NEXT = 3  # steps the family page names as coming next


@dataclass
class Contact:
    name: str
    email: str
    role: str  # what the person is to the learner, e.g. the section


@dataclass(frozen=True)
class FeedbackItem:
    """A piece of written feedback as the student's page lists it."""
    competency_id: int
    statement: str  # the "I can" statement where the competency has one
    observed_on: date
    teacher: str | None
    feedback: str


@dataclass
class LearnerView:
    learner: Learner
    standings: list[Standing]
    supports: list = field(default_factory=list)  # current interventions
    contacts: list[Contact] = field(default_factory=list)
    feedback: list[FeedbackItem] = field(default_factory=list)
    # Every current standing, drafts' too (what credits read); `standings` are those shown to learners.
    all_standings: list[Standing] = field(default_factory=list)
    as_of: date | None = None  # the day it shows the learner as of (None: now)


def map_steps(standing: Standing) -> list[MapStep]:
    """The steps as the progression map draws them, with the student-map states and "I can" words."""
    by_competency = standing.status.by_competency()
    return [MapStep(competency_id=s.competency_id, position=s.position, code=s.competency.code or "",
                    statement=in_reader_language(s.competency, "student_statement", "statement"),
                    state=standing.map_state(by_competency[s.competency_id]))
            for s in standing.progression.steps]


class _Edge:
    """What the map drawing reads from a prerequisite edge."""

    def __init__(self, prerequisite_id: int, competency_id: int):
        self.prerequisite_id, self.competency_id = prerequisite_id, competency_id


def map_edges(standing: Standing) -> list[_Edge]:
    steps = {s.competency_id for s in standing.progression.steps}
    return [_Edge(before, s.competency_id) for s in standing.status.steps for before in s.prerequisite_ids
            if before in steps]


def _contacts(learner_ids) -> dict[int, list[Contact]]:
    """The teachers of each learner's active sections, in one query."""
    contacts: dict[int, list[Contact]] = {lid: [] for lid in learner_ids}
    seen = set()
    for lid, name, email, course, section_name in db.session.execute(
            select(Enrollment.learner_id, User.name, User.email, Section.course_title, Section.name)
            .join(Section, Section.id == Enrollment.section_id)
            .join(TeachingAssignment, TeachingAssignment.section_id == Section.id)
            .join(User, User.id == TeachingAssignment.user_id)
            .where(Enrollment.learner_id.in_(list(learner_ids)), Enrollment.active.is_(True),
                   Section.active.is_(True), TeachingAssignment.active.is_(True), User.active.is_(True))
            .order_by(Section.course_title, Section.name, User.name)):
        if (lid, email) in seen:
            continue
        seen.add((lid, email))
        contacts[lid].append(Contact(name, email, f"{course} – {section_name}"))
    return contacts


def learner_views(learners: list[Learner], *, with_feedback: bool = False,
                  as_of: date | None = None) -> list[LearnerView]:
    """Standings (with activity; progressions on draft frameworks left out: they never reach
    students or families), current supports and teachers for each learner; with_feedback,
    the latest pieces of feedback too (for one learner: the student's page). `as_of`: as the
    records stood at the end of that day (the teachers are today's: they are whom to ask now)."""
    ids = [learner.id for learner in learners]
    if not ids:
        return []
    standings = standings_for(ids, activity=True, as_of=as_of)
    supports = current_interventions(ids, as_of)
    contacts = _contacts(ids)
    shown = {lid: [s for s in found if s.progression.framework.reaches_learners] for lid, found in standings.items()}
    views = [LearnerView(learner, shown.get(learner.id, []), supports.get(learner.id, []),
                         contacts.get(learner.id, []), all_standings=standings.get(learner.id, []), as_of=as_of)
             for learner in learners]
    if with_feedback:
        for view in views:
            view.feedback = recent_feedback(view.learner.id, as_of=as_of)
    return views


def recent_feedback(learner_id: int, limit: int = RECENT_FEEDBACK, *, as_of: date | None = None) -> list[FeedbackItem]:
    """The learner's latest accepted evidence that has written feedback, newest first (one query); as of
    a day, among the evidence as it stood then (entered, not deleted, and its words as they were)."""
    if as_of is None:
        pieces, chosen = Evidence, (Evidence.learner_id == learner_id, Evidence.deleted_at.is_(None))
    else:  # the same columns, as they stood then (evidence.as_of)
        pieces = evidence_as_of(as_of, Evidence.learner_id == learner_id).c
        chosen = (pieces.observed_on <= as_of,)
    rows = db.session.execute(
        select(pieces.competency_id, Competency, pieces.observed_on, User.name, pieces.feedback)
        .join(Competency, Competency.id == pieces.competency_id)
        .outerjoin(User, User.id == pieces.recorded_by_id)
        .where(*chosen, pieces.status == "accepted", pieces.feedback.is_not(None), pieces.feedback != "")
        .order_by(pieces.observed_on.desc(), pieces.id.desc()).limit(limit))
    return [FeedbackItem(cid, in_reader_language(competency, "student_statement", "statement"), observed_on, teacher,
                         feedback)
            for cid, competency, observed_on, teacher, feedback in rows]


def children_of(guardian) -> list[Learner]:
    """The guardian's linked children, with their schools, by first name (one query)."""
    return list(db.session.scalars(
        select(Learner).where(Learner.id.in_(policy.guarded_learner_ids(guardian.id)))
        .options(joinedload(Learner.school))
        .order_by(Learner.given_name, Learner.id)))


# Plain words for families ---------------------------------------------------------------------

def steps_walked(standing: Standing) -> tuple[int, int]:
    """(mastered, total) over the steps the learner walks: those before a mid-way start are not counted."""
    counts = standing.status.counts
    return counts["mastered"], standing.status.total - counts["placed_past"]


def pace_words(standing: Standing, name: str) -> str:
    """The pace in a sentence for families (from Standing.pace_state, as every page says it)."""
    pace, state = standing.pace, standing.pace_state
    if pace is not None and pace.finished:
        return _("%(name)s has finished every step.", name=name)
    if state == "no_pace":
        return _("No pace is set for this progression: %(name)s goes at their own speed.", name=name)
    if state == "just_started":
        return _("%(name)s has just started.", name=name)
    return {
        "ahead": _("%(name)s is ahead of the planned pace.", name=name),
        "on_pace": _("%(name)s is on pace.", name=name),
        "behind": _("%(name)s is a little behind the planned pace.", name=name),
        "far_behind": _("%(name)s is behind the planned pace; the school is there to help.", name=name),
    }[state]


def summary_sentence(standing: Standing, name: str, today: date | None = None) -> str:
    """"Maya has mastered 12 of the 24 steps in Grade 6 Mathematics. Maya is on pace. At this pace,
    Maya finishes between 3 March and 14 April." """
    mastered, total = steps_walked(standing)
    text = with_content(_("%(name)s has mastered %(mastered)s of the %(total)s steps in %(title)s."), name=name,
                        mastered=mastered, total=total, title=in_reader_language(standing.progression, "title"))
    words = " ".join(w for w in (pace_words(standing, name), finish_words(standing.pace, name, today)) if w)
    return text + " " + words if words else text


def _day(day: date, today: date) -> str:
    """A day in words, in the reader's order ("3 de marzo", "March 3"), with the year when not this one."""
    from ..i18n import day as day_for_reader

    return day_for_reader(day, "MMMMd" if day.year == today.year else "yMMMMd")


def finish_words(pace, name: str, today: date | None = None) -> str | None:
    """When the learner would finish at their own pace, as a range from their own step times
    ("between 3 March and 14 April"), or around one day before two steps give a range."""
    if pace is None or pace.finished or pace.projected_finish is None or pace.in_grace_period:
        return None
    today = today or utc_today()
    if pace.finish_range and pace.finish_range[0] != pace.finish_range[1]:
        low, high = pace.finish_range
        return _("At this pace, %(name)s finishes between %(low)s and %(high)s.", name=name,
                 low=_day(low, today), high=_day(high, today))
    return _("At this pace, %(name)s finishes around %(day)s.", name=name, day=_day(pace.projected_finish, today))


def school_time_words(pace) -> list[str]:
    """How pace is counted, for the progress page: school weeks, and a late joiner's dates."""
    if pace is None:
        return []
    words = []
    if pace.school_time:
        words.append(_("Weeks here are school weeks of five school days: holidays, breaks and days outside "
                       "the school's terms do not count."))
    if pace.target_shift:
        words.append(ngettext(
            "Started %(num)s school day after the class began this part of the path: each target date is "
            "moved %(num)s school day later.",
            "Started %(num)s school days after the class began this part of the path: each target date is "
            "moved %(num)s school days later.", pace.target_shift))
    return words


def next_words(standing: Standing, name: str) -> str | None:
    """What the learner works on next, in "I can" words."""
    working = standing.working_on()
    if not working:
        return None
    step = working[0]
    competency = next(s.competency for s in standing.progression.steps if s.competency_id == step.competency_id)
    words = _step_words(competency)  # the sentence ends it
    if standing.map_state(step) == "ready":
        return with_content(_("%(name)s has asked a teacher to confirm “%(step)s”."), name=name, step=words)
    return with_content(_("Next, %(name)s is working on: “%(step)s”"), name=name, step=words)


@dataclass(frozen=True)
class NamedStep:
    """A step as the family page names it: its "I can" words and, once mastered, the day."""
    competency_id: int
    words: str
    day: date | None = None
    waiting: bool = False  # the learner has asked a validator to confirm it


def _step_words(competency) -> Localized:
    return trimmed(in_reader_language(competency, "student_statement", "statement", "code")
                   or Localized("", original_language()))


def mastered_lately(standing: Standing, today: date | None = None,
                    days: int = RECENT_MASTERY_DAYS) -> list[NamedStep]:
    """The steps mastered in the last `days` days (the days the standing engine gives), newest
    first, in "I can" words; steps passed by a mid-way start are not counted as mastered lately."""
    today = today or utc_today()
    since = today - timedelta(days=days)
    placed_past = {s.competency_id for s in standing.status.steps if s.state == "placed_past"}
    found = [NamedStep(s.competency_id, _step_words(s.competency), standing.mastered_on[s.competency_id])
             for s in standing.progression.steps
             if s.competency_id in standing.mastered_on and s.competency_id not in placed_past
             and since <= standing.mastered_on[s.competency_id] <= today]
    return sorted(found, key=lambda step: (step.day, step.competency_id), reverse=True)


def coming_next(standing: Standing, limit: int = COMING_NEXT) -> list[NamedStep]:
    """What the learner works on next, in path order as Standing.working_on gives it (waiting for a
    validator first, then in progress, then open), in "I can" words."""
    competencies = {s.competency_id: s.competency for s in standing.progression.steps}
    return [NamedStep(step.competency_id, _step_words(competencies[step.competency_id]),
                      waiting=standing.map_state(step) == "ready")
            for step in standing.working_on()[:limit]]


def short_day(day: date, today: date | None = None) -> str:
    """A day in the reader's language, without the year when it is this year's."""
    return _day(day, today or utc_today())


def as_of_choice(raw: str | None, today: date | None = None) -> tuple[date | None, str | None]:
    """The day a learner page is asked to show (?as_of=YYYY-MM-DD): (the day, None), or (None, what is
    wrong with it, in words for the date field) and the page shows today. Today itself is None."""
    raw = (raw or "").strip()
    if not raw:
        return None, None
    today = today or utc_today()
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return None, _("“%(value)s” is not a date: choose a day, or write it as YYYY-MM-DD.", value=raw[:20])
    if day > today:
        return None, _("%(day)s has not come yet: the page shows today.", day=short_day(day, today))
    return (day if day < today else None), None


def as_of_context(as_of: date | None, problem: str | None) -> dict:
    """What the as-of banner and date field of a learner page read (templates/dashboards/_as_of.html)."""
    return {"as_of": as_of, "as_of_problem": problem, "real_today": utc_today()}


def as_of_detail(as_of: date | None) -> dict:
    """What an audit event of a learner page adds when it shows a past day: {"as_of": "YYYY-MM-DD"}."""
    return {"as_of": as_of.isoformat()} if as_of is not None else {}
