"""Factories for frameworks, competencies and scales."""
from pathlib import Path

import pytest

from tracker.competencies.models import Competency, Framework, ProficiencyScale, ScaleLevel
from tracker.extensions import db

INTEROP = Path("/work/shared/interop")
CASE_DIR = INTEROP / "case"
CSV_DIR = INTEROP / "competency_csv"
CASE_SCHEMA = CASE_DIR / "case-v1p0-cfpackage-schema.opensalt.json"
# The CASE 1.1 CFPackage schema: see fixtures/SOURCES.md for how it was obtained.
CASE_SCHEMA_11 = Path(__file__).parent / "fixtures" / "case-v1p1-cfpackage-schema.json"
CASE_PACKAGES = sorted(CASE_DIR.glob("opensalt_*.json"))


@pytest.fixture(autouse=True)
def inline_imports(app):
    """Imports run to the end inside the request, so a test sees the outcome at once."""
    app.config["JOBS_IMMEDIATE"] = True


class Frameworks:
    def __init__(self):
        self._n = 0

    def scale(self, name=None, threshold=3, labels=("Beginning", "Developing", "Proficient", "Advanced")):
        self._n += 1
        scale = ProficiencyScale(name=name or f"Scale {self._n}", mastery_threshold=threshold)
        scale.levels = [ScaleLevel(number=n, label=label, descriptor=f"{label} work")
                        for n, label in enumerate(labels, start=1)]
        db.session.add(scale)
        db.session.flush()
        return scale

    def framework(self, status="draft", scale=None, **kw):
        self._n += 1
        framework = Framework(title=kw.pop("title", f"Framework {self._n}"), status=status,
                              scale=scale or self.scale(), **kw)
        db.session.add(framework)
        db.session.flush()
        return framework

    def competency(self, framework, code=None, parent=None, position=None, **kw):
        self._n += 1
        siblings = [c for c in framework_children(framework, parent)]
        competency = Competency(framework=framework, parent=parent, code=code,
                                statement=kw.pop("statement", f"Statement {code or self._n}"),
                                position=position if position is not None else len(siblings) + 1, **kw)
        db.session.add(competency)
        db.session.flush()
        return competency

    def tree(self, framework, domains=2, per_domain=3):
        """domains × per_domain competencies, each domain a parent: codes D1, D1.1, ..."""
        made = []
        for d in range(1, domains + 1):
            domain = self.competency(framework, code=f"D{d}", statement=f"Domain {d}", item_type="Domain")
            made.append(domain)
            for c in range(1, per_domain + 1):
                made.append(self.competency(framework, code=f"D{d}.{c}", parent=domain,
                                            statement=f"Competency {d}.{c}",
                                            student_statement=f"I can do {d}.{c}"))
        return made


def framework_children(framework, parent):
    from sqlalchemy import select

    parent_id = parent.id if parent is not None else None
    return db.session.scalars(select(Competency).where(
        Competency.framework_id == framework.id,
        Competency.parent_id.is_(None) if parent_id is None else Competency.parent_id == parent_id)).all()


@pytest.fixture
def fw(app):
    return Frameworks()


@pytest.fixture
def author(make):
    user = make.user("teacher", can_author_frameworks=True, name="Author")
    db.session.commit()
    return user
