"""Demo step: the Spanish translations a Spanish-speaking family reads (tracker/demo/content_es.py),
written as content translations in one insert."""
from sqlalchemy import insert, select

from ..competencies.models import Competency, Framework, ProficiencyScale, RubricDescriptor
from ..competencies.scales import STANDARD_SCALE
from ..competencies.translation import ContentTranslation
from ..extensions import db
from ..progressions.models import Progression
from . import content_es, content_es_subjects


def _row(obj, field: str, text: str) -> dict:
    return {"object_type": obj.__tablename__, "object_id": obj.id, "field": field, "lang": "es", "text": text}


def spanish_rows() -> list[dict]:
    rows = []
    for framework in db.session.scalars(select(Framework).where(Framework.title.in_(content_es.FRAMEWORK_TITLES))):
        rows.append(_row(framework, "title", content_es.FRAMEWORK_TITLES[framework.title]))
    for progression in db.session.scalars(select(Progression).where(
            Progression.title.in_(content_es.PROGRESSION_TITLES))):
        rows.append(_row(progression, "title", content_es.PROGRESSION_TITLES[progression.title]))
    scale = db.session.scalar(select(ProficiencyScale).where(ProficiencyScale.name == STANDARD_SCALE))
    for level in scale.levels:
        label, descriptor = content_es.SCALE_LEVELS[level.number]
        rows += [_row(level, "label", label), _row(level, "descriptor", descriptor)]
    spanish = {**content_es.MATH, **content_es_subjects.ELA, **content_es_subjects.HABITS}
    rubrics = {**content_es.RUBRICS, **content_es_subjects.RUBRICS}
    competencies = db.session.scalars(select(Competency).join(Framework).where(
        Competency.code.in_(spanish), Framework.is_educator_framework.is_(False))).all()
    for competency in competencies:
        statement, i_can = spanish[competency.code]
        rows += [_row(competency, "statement", statement), _row(competency, "student_statement", i_can)]
    for descriptor in db.session.scalars(select(RubricDescriptor).where(
            RubricDescriptor.competency_id.in_([c.id for c in competencies if c.code in rubrics]))):
        code = next(c.code for c in competencies if c.id == descriptor.competency_id)
        rows.append(_row(descriptor, "descriptor", rubrics[code][descriptor.level_number - 1]))
    return rows


def build(world: dict) -> None:
    db.session.flush()
    db.session.execute(insert(ContentTranslation), spanish_rows())
