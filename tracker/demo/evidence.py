"""Demo evidence: a term of observations on the math progression's first steps (runs after frameworks).

Every learner starts at its placement and works step by step from September to mid-November:
levels grow piece by piece (with the odd dip), mostly formative work in class with a summative
piece when a step comes together, written feedback on each, and a learner moves to the next step
once it has shown it: the framework's estimate at mastery, or the last two pieces at mastery with
the estimate close below (a decaying average of 2, 3, 3 is 2.9; the validators in decisions.py read
it the same way). Learners differ in speed, none stuck for good; a few are slow to move (the support
flags have something to find), and two dozen students have shared their own work, waiting for
review. Deterministic (fixed seed); one bulk insert; adds world["evidence_count"].
"""
import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select

from ..competencies.models import Competency, Framework
from ..evidence.models import Evidence
from ..evidence.service import usable_parameter
from ..extensions import db
from ..mastery.estimates import estimate
from ..progressions.models import Progression
from ..timeutil import today
from .school import LEARNERS_PER_SECTION, grade_of, non_school_days

SEED = 20261124
TERM_START = date(2026, 9, 1)
LAST_OBSERVED = date(2026, 11, 13)  # as designed; a later load slides the term's work along (weeks_later)


def weeks_later(today: date) -> int:
    """Whole weeks to slide the demo's work so its last day is the school week before `today`.

    Written to be read around 20 November 2026; loaded weeks later with fixed dates, every learner
    read as stalled (no evidence for three weeks), which hid the real needs among 150 flags. Sliding by
    whole weeks keeps weekdays weekdays, the decisions after their evidence, and every count the same.
    """
    return max(0, (today - LAST_OBSERVED).days - 1) // 7


MAX_PIECES_PER_STEP = 9
# A piece a level below or above where the learner is: real tasks vary, so the methods that weigh several
# pieces differ from the latest score (the method comparison on the framework pages has something to find).
SLIP, STRETCH = 0.2, 0.1
# Steps shown earlier come back in short reviews: each with this chance before each new step, at most two,
# now and then a level lower than the learner left it.
REVIEW_CHANCE, REVIEWS_PER_STEP, FORGET_CHANCE = 0.3, 2, 0.15
CLOSE_ENOUGH = 0.35  # as in demo/decisions.py: two pieces at mastery and an estimate this close are shown
SUBMISSIONS = 24
OWN_VIEWS = (3, 2, None, 3, 4, 2)  # the level each learner thinks its shared work shows (None: not said)

FEEDBACK = {
    1: [
        "{name} started the problem and named the quantities. Next: organise them in a table before computing.",
        "A first try: the set-up is not there yet. Let's work through one example together tomorrow.",
        "{name} can say what the question asks. Next step: write the relationship with words, then numbers.",
        "Not yet: the answer came from guessing. Show each step so we can see where it goes off track.",
    ],
    2: [
        "The key idea is there; {name} mixed up the order of the quantities twice. Label each column next time.",
        "Getting there: correct with a hint about the unit. Try the next one on your own first.",
        "Good strategy with the diagram. The calculation slipped at the end; check with an estimate.",
        "{name} explained the first part clearly; the second part still needs support.",
        "Solid progress since last week. Next: explain why the method works, not only how.",
    ],
    3: [
        "Independent and accurate. {name} explained each step in words and checked the answer.",
        "Proficient: clear set-up, correct units, and a sensible check at the end.",
        "{name} solved it without help and could explain it to a partner. Well done.",
        "Accurate work on all three problems; the written explanation is complete.",
    ],
    4: [
        "Went beyond the task: {name} made up a new problem of the same kind and solved it two ways.",
        "Advanced: applied the idea to a real situation (a recipe for the whole class) and justified every step.",
        "{name} compared two methods and explained when each is quicker. Excellent reasoning.",
    ],
}
CONTEXTS = ["class"] * 14 + ["online", "online", "project", "project", "other", "internship"]
# Learners' own words about their work, by the step they file it under: a reflection about dividing
# fractions sits under fraction division, one about temperatures below zero under negative numbers.
REFLECTIONS = {
    "MATH.6.RP.1": ["I compared the ratio of boys to girls in three clubs and wrote each one as \u201ca to b\u201d."],
    "MATH.6.RP.2": [
        "I finished the online practice set on unit rates and wrote down the two problems I got wrong and why.",
        "At my aunt's shop I worked out the better deal between two sizes of rice bags. My notes are in the link.",
    ],
    "MATH.6.RP.3": [
        "I used ratios to scale my grandmother's recipe for our family party. I made a table first and "
        "checked it by making half the recipe.",
        "Our group project compared phone plans. I did the cost per gigabyte part and explained it in our slides.",
        "I kept score for our basketball team and worked out each player's shooting percentage.",
    ],
    "MATH.6.NS.1": ["I made a short video explaining how I divide fractions with a picture. I think I can do it "
                    "without help now."],
    "MATH.6.NS.2": ["I practised long division with the online set and wrote how I check each answer by multiplying."],
    "MATH.6.NS.3": ["I split the bill for our class trip snacks between six friends, decimals and all, and we "
                    "checked it on a calculator."],
    "MATH.6.NS.5": ["I recorded the temperature every morning for two weeks, below zero too, and wrote what zero "
                    "means on our thermometer."],
    "MATH.6.NS.6": ["I recorded the temperature every morning for two weeks, below zero too, and plotted it on a "
                    "number line."],
    "MATH.6.NS.7": ["I ordered the depths of five lakes and the heights of five hills from lowest to highest."],
    "MATH.6.EE.7": ["I wrote an equation for how much I still need to save for new shoes and solved it two ways."],
    "MATH.6.EE.9": ["I made a table of my phone's battery over an afternoon and wrote the rule as an expression."],
}
GENERAL_REFLECTIONS = ["I tried the challenge problem from class at home and found a second way to solve it."]


def reflections_for(competency) -> list[str]:
    """What a learner might write about work on this step (its own reflections, else a general one)."""
    return REFLECTIONS.get(competency.code or "") or GENERAL_REFLECTIONS


def _school_days(start: date, end: date) -> list[date]:
    closed = non_school_days()
    days, day = [], start
    while day <= end:
        if day.weekday() < 5 and day not in closed:
            days.append(day)
        day += timedelta(days=1)
    return days


def _steps(world) -> tuple[list[Competency], Framework] | tuple[None, None]:
    """The math progression's competencies in step order, or the first competencies of any framework."""
    progression = world.get("math_progression") or db.session.scalar(
        select(Progression).where(Progression.active.is_(True)).order_by(Progression.id))
    if progression is not None and progression.steps:
        return [step.competency for step in progression.steps], progression.framework
    competencies = list(db.session.scalars(
        select(Competency).join(Framework, Framework.id == Competency.framework_id)
        .where(Framework.is_educator_framework.is_(False), Competency.parent_id.is_not(None))
        .order_by(Framework.id, Competency.position, Competency.id).limit(8)))
    if not competencies:
        return None, None
    return competencies, competencies[0].framework


class Term:
    """One pass over the learners, collecting rows for one bulk insert."""

    def __init__(self, world, steps, framework, *, seed: int = SEED, feedback: dict | None = None):
        self.rng = random.Random(seed)
        self.feedback = feedback or FEEDBACK
        self.world = world
        self.steps = steps
        self.framework = framework
        scale = framework.scale
        self.estimate_args = dict(
            parameter=usable_parameter(framework.estimate_method, framework.estimate_parameter),
            threshold=scale.mastery_threshold, min_level=scale.min_level, max_level=scale.max_level)
        self.threshold = scale.mastery_threshold
        self.top, self.bottom = scale.max_level, scale.min_level
        self.shift = timedelta(weeks=weeks_later(today()))
        # The school days of the slid span (not the old days slid: a slid day could be a holiday).
        self.days = _school_days(TERM_START + self.shift, LAST_OBSERVED + self.shift)
        self.rows: list[dict] = []
        self.current_step: dict[int, Competency] = {}

    def row(self, learner, competency, observed_on, level, *, recorded_by, kind="formative", feedback=None,
            context="class", source="teacher", status="accepted", reflection=None, link_url=None,
            self_level=None) -> dict:
        created = datetime.combine(observed_on, time(15 + self.rng.randrange(3), self.rng.randrange(60)))
        created += timedelta(days=self.rng.choice((0, 0, 0, 1)))
        return {"learner_id": learner.id, "competency_id": competency.id, "recorded_by_id": recorded_by.id,
                "source": source, "status": status, "observed_on": observed_on, "kind": kind, "level": level,
                "feedback": feedback, "reflection": reflection, "context": context, "artifact_id": None,
                "link_url": link_url, "self_level": self_level, "version": 1, "created_at": created,
                "updated_at": created,
                "deleted_at": None, "deleted_by_id": None}

    def learner_term(self, learner, teacher, start_position: int) -> None:
        rng = self.rng
        speed = min(0.9, max(0.35, rng.gauss(0.55, 0.18)))  # chance the level rises after a piece
        gap = rng.choice((2, 3, 3, 3, 4))
        day = rng.randrange(0, 4)
        position = max(1, start_position)
        shown_steps: list[tuple[Competency, int]] = []  # steps shown, with the level the learner left them at
        while position <= len(self.steps) and day < len(self.days):
            competency = self.steps[position - 1]
            self.current_step[learner.id] = competency
            day = self.reviews(learner, teacher, shown_steps, day)
            level = 1 if rng.random() < 0.55 else 2
            scores: list[int] = []
            while day < len(self.days):
                shown = self.observed(level)
                summative = shown >= self.threshold and scores and scores[-1] >= self.threshold and rng.random() < 0.6
                scores.append(shown)
                self.rows.append(self.row(
                    learner, competency, self.days[day], shown, recorded_by=teacher,
                    kind="summative" if summative else "formative", context=rng.choice(CONTEXTS),
                    feedback=rng.choice(self.feedback[shown]).format(name=learner.first_name)))
                day += max(1, gap + rng.randrange(-1, 2))
                reached = estimate(self.framework.estimate_method, scores, **self.estimate_args) or 0
                if shown >= self.threshold and (reached >= self.threshold or (
                        scores[-2:] == [shown, shown] and reached >= self.threshold - CLOSE_ENOUGH)):
                    shown_steps.append((competency, level))
                    break  # shown (as a validator reads it, demo/decisions.py): on to the next step
                if len(scores) >= MAX_PIECES_PER_STEP:
                    break  # working on the next strand while this one settles
                boost = 0.15 if len(scores) >= 5 else 0.0  # support kicks in after a while
                if rng.random() < speed + boost:
                    level = min(self.top, level + 1)
                elif level > 1 and rng.random() < 0.12:
                    level -= 1  # a dip: new kind of problem, or a hard week
            position += 1

    def reviews(self, learner, teacher, shown_steps, day: int) -> int:
        """Before a new step, a quick check now and then on steps shown earlier (spaced review): mostly still
        there, sometimes a level lower (forgotten). Returns the next free day."""
        checked = [step for step in shown_steps if self.rng.random() < REVIEW_CHANCE][:REVIEWS_PER_STEP]
        for competency, level in checked:
            if day + 1 >= len(self.days):
                break  # the new step's work comes last: a learner's latest piece is on the step it works on
            kept = level - 1 if self.rng.random() < FORGET_CHANCE else level
            shown = self.observed(kept)
            self.rows.append(self.row(
                learner, competency, self.days[day], shown, recorded_by=teacher, context="class",
                feedback="Review: " + self.rng.choice(self.feedback[shown]).format(name=learner.first_name)))
            day += 1
        return day

    def observed(self, level: int) -> int:
        """What one piece shows of a learner working at `level`: one task is harder or easier than the
        next, so a piece is now and then a level below (SLIP) or above (STRETCH) where the learner is."""
        roll = self.rng.random()
        if roll < SLIP and level > self.bottom:
            return level - 1
        if roll > 1 - STRETCH and level < self.top:
            return level + 1
        return level

    def submissions(self, learners) -> None:
        """Learners' own work: most waiting for review, a few already reviewed."""
        rng = self.rng
        with_login = [learner for learner in learners if learner.user is not None and learner.id in self.current_step]
        chosen = with_login[:1] + rng.sample(with_login[1:], min(SUBMISSIONS - 1, len(with_login) - 1))
        for index, learner in enumerate(chosen):
            competency = self.current_step[learner.id]
            observed_on = LAST_OBSERVED + self.shift - timedelta(days=rng.randrange(0, 10))
            reviewed = index % 5 == 4
            link = f"https://portfolio.demo.school/{learner.sourced_id or learner.id}/work-{index + 1}"
            self.rows.append(self.row(
                learner, competency, observed_on, 3 if reviewed else None, recorded_by=learner.user,
                source="student", status="accepted" if reviewed else "to_review",
                context=rng.choice(("project", "online", "internship", "other")), link_url=link,
                reflection=rng.choice(reflections_for(competency)),
                self_level=OWN_VIEWS[index % len(OWN_VIEWS)],  # what the learner thinks it shows
                feedback=("Thank you for sharing this. It shows the idea applied outside class; "
                          "I have counted it as evidence.") if reviewed else None))
            if learner is chosen[0]:  # the demo student also has one reviewed piece to read
                self.rows.append(self.row(
                    learner, competency, observed_on - timedelta(days=14), 3, recorded_by=learner.user,
                    source="student", context="project", link_url=link + "-earlier",
                    reflection=reflections_for(competency)[0],
                    feedback="A real use of this step's idea, with a check at the end. Counted as evidence at "
                             "Proficient."))


def build(world: dict) -> None:
    """Add a term of evidence for the demo learners (one bulk insert)."""
    steps, framework = _steps(world)
    learners = world.get("learners") or []
    if not steps or not learners:
        return
    term = Term(world, steps, framework)
    teachers = world.get("teachers", {})
    math_teacher = {"6": teachers.get("rivera"), "7": teachers.get("okafor")}
    starts = {p.learner_id: p.start_position for p in world.get("placements", [])
              if p.progression_id == getattr(world.get("math_progression"), "id", None) and p.ended_at is None}
    sections = world.get("sections") or []
    for index, learner in enumerate(learners):
        section = sections[index // LEARNERS_PER_SECTION] if sections else None
        grade = grade_of(section) if section else (learner.grade_level or "6")
        teacher = math_teacher.get(grade) or next(iter(teachers.values()), None)
        if teacher is None:
            return
        term.learner_term(learner, teacher, starts.get(learner.id, 1))
    term.submissions(learners)
    if term.rows:
        db.session.execute(insert(Evidence), term.rows)
    world["evidence_count"] = len(term.rows)
