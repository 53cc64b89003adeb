"""Factories for evidence tests: a framework on the standard scale, a class with a teacher."""
import io
from dataclasses import dataclass, field
from datetime import date

import pytest
from werkzeug.datastructures import FileStorage

from tracker.extensions import db

from ..conftest import Factory

PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 20


@dataclass
class Classroom:
    teacher: object
    section: object
    learners: list
    framework: object
    competency: object
    other_competency: object
    scale: object
    extra: dict = field(default_factory=dict)


def make_framework(title="Math 6", method="decaying_average", parameter=0.65, status="published"):
    """The Factory's framework with this title, on a four-level scale of its own (threshold 3)."""
    make = Factory()
    return make.framework(status, scale=make.scale(name=f"Scale for {title}"), method=method,
                          parameter=parameter, title=title)


def make_competency(framework, code, statement="Solve ratio problems", rubric=None):
    return Factory().competency(framework, code, rubric=rubric, statement=statement)


@pytest.fixture
def classroom(make):
    def build(size=3, **kw):
        teacher = make.user("teacher", name="Ana Rivera")
        section = make.section(teachers=[teacher], name="Studio 6A")
        learners = [make.learner(section, given_name=f"Kid{n:02d}", family_name=f"Family{n:02d}")
                    for n in range(size)]
        framework = make_framework(**kw)
        competency = make_competency(framework, "RP.1", rubric={3: "Explains a ratio with a table and words."})
        other = make_competency(framework, "RP.2", "Use rates")
        db.session.commit()
        return Classroom(teacher, section, learners, framework, competency, other, framework.scale)

    return build


def add_evidence(learner, competency, level, observed_on, **kw):
    return Factory().evidence(learner, competency, level, observed_on, **kw)


def upload(data: bytes, filename: str):
    """A file for a test client's multipart form: (stream, filename)."""
    return (io.BytesIO(data), filename)


def file_storage(data: bytes, filename: str) -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=filename)


def a_day(month, day):
    return date(2026, month, day)
