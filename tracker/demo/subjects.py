"""Demo evidence beyond mathematics (runs after decisions): grade 6 reads and writes on its path with
Linh Tran, the validators decide on it as they do in mathematics, and the teachers note habits of
work now and then. Each story has its own seed, so the mathematics (and Maya's record in it, which
the browser journeys read) stays as it was. Bulk inserts, like the other demo steps."""
import random
from datetime import datetime, time

from sqlalchemy import insert, select

from ..competencies.models import Competency
from ..evidence.models import Evidence
from ..extensions import db
from . import decisions
from .evidence import Term
from .school import LEARNERS_PER_SECTION, grade_of

READING_SEED = 20261125
HABITS_SEED = 20261126
READING_OPEN_REQUESTS = 3

READING_FEEDBACK = {
    1: [
        "{name} retold the events; next, point to the sentence in the text that shows it.",
        "A start: the answer is there but no evidence from the text yet. Underline one line that proves it.",
        "{name} summarized with an opinion mixed in. Let's separate what the text says from what you think.",
    ],
    2: [
        "Good choice of passage; explain in your own words how it supports your claim.",
        "{name} quoted the text, but the quote only partly fits the point. Look for a stronger line.",
        "The main idea is close; the summary still includes small details. Keep the two or three that matter.",
        "Clear paragraph; the evidence comes first and the claim last. Try putting the claim first next time.",
    ],
    3: [
        "{name} quoted strong evidence and explained exactly how it supports the claim.",
        "A clear, organized piece: claim, two reasons, evidence for each, and a conclusion that follows.",
        "Accurate summary without opinions, and the central idea stated in one sentence. Well done.",
    ],
    4: [
        "{name} compared two pieces of evidence and argued which one is stronger. Excellent reading.",
        "Went beyond the task: {name} found a counter-argument in the article and answered it.",
    ],
}

# What a teacher notes about each habit of work, by the level it shows (a note fits its habit).
HABIT_NOTES = {
    "HOW.1": {2: "With a reminder, {name} kept going on the hard part and tried a second way.",
              3: "{name} stuck with a hard problem, tried two strategies and only then asked for a hint.",
              4: "{name} chose the challenge problem and helped two classmates find their own strategies."},
    "HOW.2": {2: "{name} used the feedback after we talked it through; next time, try it before asking.",
              3: "{name} asked for feedback on the draft and revised it without being reminded.",
              4: "{name} asked precise questions about the feedback and gave a classmate useful feedback too."},
    "HOW.3": {2: "{name} did a fair share in the group once roles were set.",
              3: "In group work {name} listened, built on a classmate's idea and kept the team on task.",
              4: "{name} made sure every voice in the group was heard and the team finished on time."},
    "HOW.4": {2: "{name} met the deadline with a reminder; a plan with dates would help.",
              3: "{name} planned the project in steps and met each checkpoint.",
              4: "{name} planned the project, kept a log of each step and finished a day early."},
    "HOW.5": {2: "{name} finished most of the work; two pieces came in late.",
              3: "{name} finished every piece this week and kept the commitments made to the group.",
              4: "{name} took ownership: finished the work, caught up on a missed lesson and checked it with me."},
    "HOW.6": {2: "{name} named a strength with help; the next goal is still vague.",
              3: "{name} reflected on the last project, named a strength and set a clear next goal.",
              4: "{name} set a goal after the last project, tracked it weekly and met it."},
}


def build(world: dict) -> None:
    _reading(world)
    _habits(world)


def _grade_six(world) -> list:
    sections = world.get("sections") or []
    return [learner for index, learner in enumerate(world.get("learners") or [])
            if sections and grade_of(sections[index // LEARNERS_PER_SECTION]) == "6"]


def _reading(world) -> None:
    """A term of reading and writing for grade 6 on its path, and the validators' decisions on it."""
    progression, teacher = world.get("ela_progression"), world.get("teachers", {}).get("tran")
    learners = _grade_six(world)
    if progression is None or teacher is None or not learners:
        return
    starts = {p.learner_id: p.start_position for p in world.get("placements", [])
              if p.progression_id == progression.id and p.ended_at is None}
    steps = [step.competency for step in progression.steps]
    term = Term(world, steps, progression.framework, seed=READING_SEED, feedback=READING_FEEDBACK)
    for learner in learners:
        term.learner_term(learner, teacher, starts.get(learner.id, 1))
    if not term.rows:
        return
    db.session.execute(insert(Evidence), term.rows)
    builder = decisions.Builder(world, progression, seed=READING_SEED, open_requests=READING_OPEN_REQUESTS)
    builder.run(decisions.scored_evidence([competency.id for competency in steps]))
    decisions.insert_all(builder)


def _habits(world) -> None:
    """Two to four notes on habits of work for every learner over the term, by either of its teachers."""
    framework = world.get("habits_framework")
    learners = world.get("learners") or []
    sections = world.get("sections") or []
    if framework is None or not learners or not sections:
        return
    habits = list(db.session.scalars(select(Competency).where(Competency.framework_id == framework.id)
                                     .order_by(Competency.code)))
    rng = random.Random(HABITS_SEED)
    term = Term(world, habits, framework, seed=HABITS_SEED)  # for its school days and row shape
    teachers = {section.id: [a.teacher for a in section.teaching_assignments] for section in sections}
    rows = []
    for index, learner in enumerate(learners):
        section = sections[index // LEARNERS_PER_SECTION]
        for _note in range(rng.randint(2, 4)):
            habit = rng.choice(habits)
            level = rng.choices((2, 3, 4), weights=(3, 5, 1))[0]
            observed_on = term.days[rng.randrange(len(term.days))]
            row = term.row(learner, habit, observed_on, level, recorded_by=rng.choice(teachers[section.id]),
                           context=rng.choice(("class", "class", "project", "internship")),
                           feedback=HABIT_NOTES[habit.code][level].format(name=learner.first_name))
            row["created_at"] = row["updated_at"] = datetime.combine(observed_on, time(16, rng.randrange(60)))
            rows.append(row)
    db.session.execute(insert(Evidence), rows)


