"""Grades for the SIS: a OneRoster 1.2 gradebook (bulk CSV: manifest, categories, lineItems,
results, zipped) and a plain CSV.

One line item per section, course and grading period ("Math 7: report-card grade, Q1"), one result
per learner. The class is the section's sourcedId from the roster import and the student the
learner's; both must be known, else the export is refused naming what lacks one. Identifiers are
UUIDs derived from what they stand for, so exporting again gives the same sourcedIds and the SIS
updates instead of duplicating. Bulk files leave status and dateLastModified empty, as the CSV
binding asks of bulk files.
"""
import csv
import io
import uuid
import zipfile
from dataclasses import dataclass

from flask_babel import gettext as _

from ..listing import csv_cell
from ..rosters.models import Learner, Section
from .models import Credit, GradeScheme, GradingPeriod
from .service import GradeLine
from .words import check_words, rule_words

NAMESPACE = uuid.UUID("6f1d6c1e-9a51-4c1b-8d0e-3c2b7f0e5a11")

MANIFEST_FILES = ("academicSessions", "categories", "classResources", "classes", "courseResources", "courses",
                  "demographics", "enrollments", "lineItemLearningObjectiveIds", "lineItemScoreScales",
                  "lineItems", "orgs", "resources", "resultLearningObjectiveIds", "resultScoreScales", "results",
                  "roles", "scoreScales", "userProfiles", "userResources", "users")
SENT = ("categories", "lineItems", "results")

CATEGORY_COLUMNS = ("sourcedId", "status", "dateLastModified", "title", "weight")
LINE_ITEM_COLUMNS = ("sourcedId", "status", "dateLastModified", "title", "description", "assignDate", "dueDate",
                     "classSourcedId", "categorySourcedId", "gradingPeriodSourcedId", "resultValueMin",
                     "resultValueMax", "schoolSourcedId")
RESULT_COLUMNS = ("sourcedId", "status", "dateLastModified", "lineItemSourcedId", "studentSourcedId",
                  "classSourcedId", "scoreScaleSourcedId", "scoreStatus", "score", "textScore", "scoreDate",
                  "comment", "inProgress", "incomplete", "late", "missing")


class ExportProblem(ValueError):
    """The export cannot be made; the message says what to fix."""


def _id(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def _csv(columns, rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()


def _moment(day) -> str:
    return f"{day.isoformat()}T00:00:00Z"


@dataclass
class Gradebook:
    files: dict[str, str]  # file name -> CSV text

    def zipped(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in self.files.items():
                archive.writestr(name, text)
        return buffer.getvalue()


def oneroster_gradebook(section: Section, credit: Credit, scheme: GradeScheme, period: GradingPeriod,
                        learners: list[Learner], lines: dict[int, GradeLine], today) -> Gradebook:
    """The OneRoster 1.2 bulk gradebook of one section's grades on a course for a period."""
    if not section.sourced_id:
        raise ExportProblem(_("Section “%(section)s” came from no roster import (it has no sourcedId): the SIS "
                              "could not tell which class these grades belong to.", section=section.name))
    missing = [learner.display_name for learner in learners if not learner.sourced_id]
    if missing:
        raise ExportProblem(_("These learners have no sourcedId from the roster import: %(names)s.",
                              names=", ".join(missing)))
    category = _id("category", "report-card")
    line_item = _id("line-item", section.sourced_id, credit.id, period.id)
    scores = [rule.score for rule in scheme.rules if rule.score is not None]
    period_ref = period.sourced_id or ""
    items = [(line_item, "", "", f"{credit.title}: {period.title}",
              _("Report-card grade from the competencies of %(credit)s", credit=credit.title),
              _moment(period.starts_on), _moment(period.ends_on), section.sourced_id, category, period_ref,
              min(scores) if scores else "", max(scores) if scores else "",
              section.school.sourced_id or "")]
    results = []
    for learner in learners:
        line = lines.get(learner.id)
        result = line.result if line else None
        graded = result is not None and result.grade is not None
        comment = (rule_words(result.rule) if graded else
                   _("Not enough evidence yet") if result is None or not result.enough_evidence
                   else _("No rule matched"))
        results.append((_id("result", line_item, learner.sourced_id), "", "", line_item, learner.sourced_id,
                        section.sourced_id, "", "fully graded" if graded else "not submitted",
                        result.rule.score if graded and result.rule.score is not None else "",
                        result.grade if graded else "", today.isoformat(), comment, "", "", "", ""))
    manifest = [("manifest.version", "1.0"), ("oneroster.version", "1.2")]
    manifest += [(f"file.{name}", "bulk" if name in SENT else "absent") for name in MANIFEST_FILES]
    manifest += [("source.systemName", "Learner Progression Tracker"), ("source.systemCode", "tracker")]
    return Gradebook({
        "manifest.csv": _csv(("propertyName", "value"), manifest),
        "categories.csv": _csv(CATEGORY_COLUMNS, [(category, "", "", _("Report-card grades"), "")]),
        "lineItems.csv": _csv(LINE_ITEM_COLUMNS, items),
        "results.csv": _csv(RESULT_COLUMNS, results),
    })


PLAIN_COLUMNS = ("learner", "student_number", "learner_sourced_id", "section", "class_sourced_id", "course",
                 "period", "grade", "score", "rule_matched", "why", "deciding_competencies")


def plain_rows(section: Section, credit: Credit, period: GradingPeriod, learners: list[Learner],
               lines: dict[int, GradeLine], scheme: GradeScheme):
    for learner in learners:
        line = lines.get(learner.id)
        result = line.result if line else None
        graded = result is not None and result.grade is not None
        why = ("; ".join(check_words(check) for check in result.checks) if result and result.checks
               else _("Not enough evidence yet"))
        yield [csv_cell(v) for v in (
            learner.display_name, learner.student_number, learner.sourced_id,
            section.name, section.sourced_id, credit.title, period.title,
            result.grade if graded else "", result.rule.score if graded else None,
            rule_words(result.rule) if graded else "", why, ", ".join(result.deciding) if result else "")]
