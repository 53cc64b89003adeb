"""Demo notifications for every role, made by the real code paths (the services that tell people):
Maya submits evidence (her teachers are told), a teacher reviews it (Maya is told), proposes it for
validation (the validators are told), the requests waiting past the school's target are found (the
validators are told), and this week's family digest goes to the guardians of Maya's family (Lucía
reads it in Spanish). The support flags the supports step raised told the teachers already."""
from sqlalchemy import select

from ..auth import policy
from ..auth.models import User
from ..competencies.models import Competency
from ..evidence import service as evidence_service
from ..evidence.submissions import submit_student_evidence
from ..extensions import db
from ..mastery import service as mastery_service
from ..notifications import digests, events
from ..rosters.models import GuardianLink, Learner
from ..supports.service import refresh_pending
from ..timeutil import today


def build(world: dict) -> None:
    maya = db.session.scalar(select(Learner).join(User, User.id == Learner.user_id)
                             .where(User.email == "maya.hernandez@students.demo.school"))
    if maya is None:
        return
    teacher_ids = sorted(policy.teachers_of([maya.id]))
    teacher = db.session.get(User, teacher_ids[0]) if teacher_ids else None
    if teacher is None:
        return
    steps = evidence_service.current_step_ids(maya)
    open_ids = {cid for cid in steps if mastery_service.open_request_for(maya.id, cid) is not None}
    free = [cid for cid in steps if cid not in open_ids]
    if free:
        competency = db.session.get(Competency, free[0])
        evidence = submit_student_evidence(
            maya.user, maya, competency, observed_on=today(),
            reflection="I explained my steps to my partner and checked them with a model.")
        evidence_service.review_evidence(teacher, evidence, level=3,
                                         feedback="Clear steps. Next time, say why each one works.")
        mastery_service.open_request(maya, competency, requested_by=teacher)
        db.session.flush()
        refresh_pending([maya.id])  # her flags follow the new evidence now, as the worker would do
    events.overdue_requests()
    guardians = db.session.scalars(select(User).join(GuardianLink, GuardianLink.guardian_id == User.id)
                                   .where(GuardianLink.learner_id == maya.id).order_by(User.id))
    for guardian in guardians:
        digests.send_family_digest(guardian)
    db.session.flush()
