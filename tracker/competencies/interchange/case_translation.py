"""A second CASE package in another language, read as translations of a framework already here:
its CFItems are matched to the framework's competencies by identifier (the publisher's CFItem
identifier, the same in every language), its fullStatement and "I can" statement become the
competencies' translations, its CFDocument title the framework's, and its rubric levels the
descriptors'. Nothing else of the framework changes."""
from flask_babel import gettext as _
from sqlalchemy import delete, insert

from ...extensions import db
from ..models import Framework
from ..translation import ContentTranslation
from ..service import framework_competencies
from .case_check import check_package
from .case_reader import CaseProblem

FIELDS = {"competency": ("statement", "student_statement"), "rubric_descriptor": ("descriptor",),
          "framework": ("title", "description")}


def import_translation(framework: Framework, package: dict, lang: str) -> dict:
    """Keep the package's texts as `framework`'s translations into `lang`, replacing earlier ones
    of the same objects; returns {"items", "not_matched", "rubric_levels", "warnings"}. Raises
    CaseProblem (with the JSON path) for a malformed package, one in another language, or one
    none of whose items is in the framework. Flushes."""
    plan = check_package(package)
    declared = (package.get("CFDocument") or {}).get("language")
    if isinstance(declared, str) and declared.strip() and declared.strip().lower().split("-")[0] != lang:
        raise CaseProblem("$.CFDocument.language", _(
            "the package says it is in “%(found)s”, not in the language chosen (%(lang)s)",
            found=declared, lang=lang))
    competencies = {c.identifier: c for c in framework_competencies(framework)}
    rows, warnings, matched = [], list(plan.warnings), 0

    def keep(obj, field, text):
        if text and text.strip():
            rows.append({"object_type": obj.__tablename__, "object_id": obj.id, "field": field, "lang": lang,
                         "text": text.strip()})

    keep(framework, "title", plan.document.get("title"))
    keep(framework, "description", plan.document.get("description"))
    for item in plan.items:
        competency = competencies.get(item.identifier)
        if competency is None:
            warnings.append(_("$.CFItems[%(n)s]: no competency of “%(title)s” has the identifier %(id)s; skipped.",
                              n=item.index, title=framework.title, id=item.identifier))
            continue
        matched += 1
        keep(competency, "statement", item.values.get("statement"))
        keep(competency, "student_statement", item.values.get("student_statement"))
    if plan.items and not matched:
        raise CaseProblem("$.CFItems", _(
            "none of its items has the identifier of a competency of “%(title)s”: is it the translation of "
            "another framework?", title=framework.title))
    levels = 0
    for identifier, descriptors in plan.rubrics.items():
        competency = competencies.get(identifier)
        written = {d.level_number: d for d in competency.rubric} if competency else {}
        for number, text in descriptors.items():
            if number in written:
                keep(written[number], "descriptor", text)
                levels += 1
    for kind in FIELDS:
        ids = {row["object_id"] for row in rows if row["object_type"] == kind}
        if ids:
            db.session.execute(delete(ContentTranslation).where(
                ContentTranslation.object_type == kind, ContentTranslation.object_id.in_(ids),
                ContentTranslation.lang == lang, ContentTranslation.field.in_(
                    {row["field"] for row in rows if row["object_type"] == kind})))
    if rows:
        db.session.execute(insert(ContentTranslation), rows)
    db.session.flush()
    return {"items": matched, "not_matched": len(plan.items) - matched, "rubric_levels": levels,
            "warnings": warnings}
