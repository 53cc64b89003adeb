"""What the journeys (test_journey_*.py) share: the demo people and records they work on,
moving with the keyboard, and reading the live server's database.

The journeys run against one live server whose database lives for the whole run, so each
journey finds what it needs by name (never by a fixed id) and, when an earlier journey it
builds on did not run (`pytest -k`), makes that state itself.
"""
import struct
import zlib
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from tracker.evidence.submissions import submit_student_evidence
from tracker.extensions import db

from .helpers import focused

TEACHER = "rivera@demo.school"
VALIDATOR = "whitfield@demo.school"
STUDENT = "maya.hernandez@students.demo.school"
GUARDIAN = "lucia.hernandez@family.demo.school"
ADMIN = "admin@demo.school"
# Strangers to Maya: the guardian of a classmate, and a teacher of grade 7 only.
OTHER_GUARDIAN = "alejandra.johnson@family.demo.school"
OTHER_TEACHER = "cohen@demo.school"

SECTION = "Studio 6A"            # Maya's section, taught by Rivera
OTHER_SECTION = "Studio 6B"      # also Rivera's: the keyboard-only journey works there
PROGRESSION = "Grade 6 Mathematics Pathway"
# Step 21 of the pathway, open for Maya and not yet decided; mastering it opens step 22
# (MATH.6.SP.3, which also needs step 4, already mastered in the demo).
COMPETENCY = "MATH.6.SP.1"
NEXT_COMPETENCY = "MATH.6.SP.3"
KEYBOARD_COMPETENCY = "HOW.2"    # a habit of work, for the keyboard-only grid entry
PROPOSAL_NOTE = "Ready, I think: a strong statistical question and a clear explanation."


@dataclass(frozen=True)
class Maya:
    learner_id: int
    user_id: int
    section_id: int
    other_section_id: int
    competency_id: int
    keyboard_competency_id: int
    progression_id: int
    teacher_id: int
    validator_id: int


def maya(live_server) -> Maya:
    """The ids of Maya and of the demo records the journeys use."""
    from tracker.auth.models import User
    from tracker.competencies.models import Competency
    from tracker.progressions.models import Progression
    from tracker.rosters.models import Learner, Section

    with live_server.app.app_context():
        user_ids = dict(db.session.execute(
            select(User.email, User.id).where(User.email.in_([STUDENT, TEACHER, VALIDATOR]))).all())
        learner_id = db.session.scalar(select(Learner.id).where(Learner.user_id == user_ids[STUDENT]))
        sections = dict(db.session.execute(
            select(Section.name, Section.id).where(Section.name.in_([SECTION, OTHER_SECTION]))).all())
        competencies = dict(db.session.execute(
            select(Competency.code, Competency.id)
            .where(Competency.code.in_([COMPETENCY, KEYBOARD_COMPETENCY]))).all())
        progression_id = db.session.scalar(select(Progression.id).where(Progression.title == PROGRESSION))
        db.session.remove()
    return Maya(
        learner_id=learner_id, user_id=user_ids[STUDENT], section_id=sections[SECTION],
        other_section_id=sections[OTHER_SECTION], competency_id=competencies[COMPETENCY],
        keyboard_competency_id=competencies[KEYBOARD_COMPETENCY], progression_id=progression_id,
        teacher_id=user_ids[TEACHER], validator_id=user_ids[VALIDATOR],
    )


def tab_to(page, matches, *, limit: int = 150, backwards: bool = False) -> dict:
    """Press Tab (Shift+Tab with backwards) until the focused element matches; return it.

    `matches` is a function of `helpers.focused(page)`. Fails after `limit` presses: a
    control a keyboard user cannot reach is a bug.
    """
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        now = focused(page)
        if matches(now):
            return now
    pytest.fail(f"{limit} presses of {key} on {page.url} never reached the control looked for "
                f"(last focus: {focused(page)})", pytrace=False)


def tab_to_link(page, text: str, **kw) -> dict:
    """Tab to the link or button whose visible text contains `text`."""
    return tab_to(page, lambda f: f["tag"] in ("a", "button", "summary") and text in f["text"], **kw)


def state_of_step(page, code: str) -> str:
    """The state text in the progression's steps table (the map's data table) for a competency code."""
    row = page.locator(".steps-table tbody tr").filter(has=page.locator(".code", has_text=code))
    return row.locator(".state").inner_text().strip()


def open_request_for_maya(live_server) -> int:
    """The id of Maya's open request on COMPETENCY, proposed by Rivera after evidence at mastery.

    Journey 1 makes it through the pages; when it did not run, this makes the same state
    through the services (the request is proposed by the teacher, so the validator's
    evidence is all logged by someone else).
    """
    from datetime import timedelta

    from tracker.auth.models import User
    from tracker.competencies.models import Competency
    from tracker.evidence import service as evidence_service
    from tracker.mastery import service as mastery_service
    from tracker.rosters.models import Learner, Section
    from tracker.timeutil import utcnow

    ids = maya(live_server)
    with live_server.app.app_context():
        existing = mastery_service.open_request_for(ids.learner_id, ids.competency_id)
        if existing is None:
            teacher = db.session.get(User, ids.teacher_id)
            learner = db.session.get(Learner, ids.learner_id)
            competency = db.session.get(Competency, ids.competency_id)
            evidence_service.create_evidence(
                teacher, learner, competency, observed_on=utcnow().date() - timedelta(days=1), level=3,
                feedback="Clear statistical question; the variability is explained.")
            existing = mastery_service.open_request(
                learner, competency, requested_by=teacher, section=db.session.get(Section, ids.section_id),
                note=PROPOSAL_NOTE)
            db.session.commit()
        request_id = existing.id
        db.session.remove()
    return request_id


def press_and_load(page, key: str = "Enter") -> None:
    """Press a key that submits a form or follows a link, and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def small_png(width: int = 24, height: int = 16) -> bytes:
    """A real PNG (a blue and white stripe pattern), made here so the test needs no file."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(
        b"\x00" + b"".join(bytes((30, 90, 200) if (x // 4 + y // 4) % 2 else (255, 255, 255)) for x in range(width))
        for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def artifact_of_maya(live_server) -> int:
    """The id of a file Maya shared (journey 3 uploads one; run alone, this stores one the same way)."""
    import io

    from werkzeug.datastructures import FileStorage

    from tracker.auth.models import User
    from tracker.competencies.models import Competency
    from tracker.evidence import artifacts
    from tracker.evidence import service as evidence_service
    from tracker.evidence.models import Evidence
    from tracker.rosters.models import Learner
    from tracker.timeutil import utcnow

    ids = maya(live_server)
    with live_server.app.test_request_context():
        artifact_id = db.session.scalar(
            select(Evidence.artifact_id).where(Evidence.learner_id == ids.learner_id,
                                               Evidence.artifact_id.is_not(None)).limit(1))
        if artifact_id is None:
            student = db.session.get(User, ids.user_id)
            upload = FileStorage(io.BytesIO(small_png()), filename="my-work.png", content_type="image/png")
            artifact = artifacts.store(upload, student)
            submit_student_evidence(
                student, db.session.get(Learner, ids.learner_id), db.session.get(Competency, ids.competency_id),
                observed_on=utcnow().date(), reflection="My dot plot.", artifact=artifact)
            db.session.commit()
            artifact_id = artifact.id
        db.session.remove()
    return artifact_id
