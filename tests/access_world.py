"""A small school for access tests: two sections, two learners, one of each role.

"own" objects relate to the signed-in person (their section, their child, themselves);
"other" objects belong to the other section. Every URL parameter name used by a route
needs an entry in PARAMS: a function (world) -> (own_id, other_id). An area adding a
route with a new parameter adds its builder here.
"""
from dataclasses import dataclass, field

from tracker.extensions import db


@dataclass
class World:
    users: dict
    learner_own: object
    learner_other: object
    section_own: object
    section_other: object
    extra: dict = field(default_factory=dict)


def build_world(make) -> World:
    from tracker.competencies.models import Competency, Framework, ProficiencyScale, ScaleLevel
    from tracker.mastery.models import ValidationRequest

    term = make.term()
    admin = make.user("admin", name="Admin")
    teacher = make.user("teacher", name="Teacher Own", can_author_frameworks=True)
    teacher_other = make.user("teacher", name="Teacher Other")
    validator = make.user("validator", name="Validator")
    student = make.user("student", name="Student Own")
    student_other = make.user("student", name="Student Other")
    guardian = make.user("guardian", name="Guardian Own")
    guardian_other = make.user("guardian", name="Guardian Other")
    section_own = make.section(term=term, teachers=[teacher], name="Own section")
    section_other = make.section(term=term, teachers=[teacher_other], name="Other section")
    learner_own = make.learner(section_own, user=student, guardians=[guardian], given_name="Own")
    learner_other = make.learner(section_other, user=student_other, guardians=[guardian_other],
                                 given_name="Other")

    scale = ProficiencyScale(name="Test scale", mastery_threshold=3)
    scale.levels = [ScaleLevel(number=n, label=f"L{n}") for n in (1, 2, 3, 4)]
    framework = Framework(title="Test framework", scale=scale, status="draft")
    competency = Competency(framework=framework, code="T.1", statement="Test competency")
    db.session.add_all([scale, framework, competency])
    db.session.flush()
    # The validator's queue holds a request for the own learner only.
    request_own = ValidationRequest(learner_id=learner_own.id, competency_id=competency.id,
                                    section_id=section_own.id, requested_by_id=teacher.id)
    db.session.add(request_own)
    db.session.commit()
    users = {"admin": admin, "teacher": teacher, "validator": validator,
             "student": student, "guardian": guardian}
    return World(users=users, learner_own=learner_own, learner_other=learner_other,
                 section_own=section_own, section_other=section_other,
                 extra={"framework": framework, "competency": competency, "scale": scale,
                        "request_own": request_own, "teacher_other": teacher_other,
                        "student_other": student_other, "guardian_other": guardian_other})


def _same(obj_key):
    def build(world):
        obj = world.extra[obj_key]
        return obj.id, obj.id
    return build


PARAMS = {
    "learner_id": lambda w: (w.learner_own.id, w.learner_other.id),
    "section_id": lambda w: (w.section_own.id, w.section_other.id),
    "framework_id": _same("framework"),
    "competency_id": _same("competency"),
    "scale_id": _same("scale"),
}

# Who passes each access rule, for the "own" object and for the "other" one.
ALL = {"admin", "teacher", "validator", "student", "guardian"}
EXPECTED = {
    "public": (ALL | {"anonymous"}, ALL | {"anonymous"}),
    "signed_in": (ALL, ALL),
    "admin": ({"admin"}, {"admin"}),
    "staff": ({"admin", "teacher", "validator"}, {"admin", "teacher", "validator"}),
    "teacher": ({"admin", "teacher"}, {"admin", "teacher"}),
    "author": ({"admin", "teacher"}, {"admin", "teacher"}),
    "validator": ({"validator"}, {"validator"}),
    "validator_or_admin": ({"validator", "admin"}, {"validator", "admin"}),
    "student": ({"student"}, {"student"}),
    "guardian": ({"guardian"}, {"guardian"}),
    "learner": (ALL, {"admin"}),
    "learner_teacher": ({"admin", "teacher"}, {"admin"}),
    "section": ({"admin", "teacher"}, {"admin"}),
}
OBJECT_RULES = {"learner", "learner_teacher", "section"}
