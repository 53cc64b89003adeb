"""OneRoster CSV sets for tests: the real sample sets, and generated ones of any size."""
import csv
import shutil
import zipfile
from pathlib import Path

from sqlalchemy import func, select

from tracker.auth.models import User
from tracker.extensions import db
from tracker.rosters.models import (
    Enrollment, EquityAttributes, GuardianLink, Learner, School, Section, TeachingAssignment, Term,
)
from tracker.rosters.oneroster.problems import describe

REAL = Path(__file__).resolve().parents[3] / "shared" / "interop" / "oneroster"
CATALYST_11 = REAL / "v1p1_catalyst_Test_full_data_set"
OAT_11 = REAL / "v1p1_oat_OneRosterv1p1BaseCSV"
CATALYST_12 = REAL / "v1p2_catalyst_oneroster_test_data"

MANIFEST_11 = [("manifest.version", "1.0"), ("oneroster.version", "1.1"),
               *((f"file.{n}", "bulk") for n in ("academicSessions", "orgs", "courses", "classes", "users",
                                                  "enrollments", "demographics"))]


MODELS = (School, Term, Section, User, Learner, EquityAttributes, Enrollment, TeachingAssignment, GuardianLink)
ONLY_THE_ADMIN = {**{model.__tablename__: 0 for model in MODELS}, "user": 1}


def row_counts() -> dict[str, int]:
    return {model.__tablename__: db.session.scalar(select(func.count()).select_from(model)) for model in MODELS}


def problems(plan, severity="error") -> list[str]:
    """The plan's problems of one severity, as the sentences a person reads."""
    return [describe(p.as_dict()) for p in plan.problems if p.severity == severity]


def copy_set(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def zip_set(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
    return target


def write_csv(path: Path, header, rows, encoding="utf-8") -> None:
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def generate_set(folder: Path, *, students=9000, teachers=400, guardians=600, classes=450,
                 per_student=2, schools=3) -> Path:
    """A OneRoster 1.1 bulk set: `students` + `teachers` + `guardians` users, each student in
    `per_student` classes (plus one teacher per class), one guardian per group of students."""
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / "manifest.csv", ["propertyName", "value"], MANIFEST_11)
    write_csv(folder / "orgs.csv", ["sourcedId", "status", "dateLastModified", "name", "type", "identifier",
                                    "parentSourcedId"],
              [["district-1", "", "", "Lakeside District", "district", "", ""]]
              + [[f"school-{s}", "", "", f"Lakeside School {s}", "school", "", "district-1"] for s in range(schools)])
    write_csv(folder / "academicSessions.csv", ["sourcedId", "status", "dateLastModified", "title", "type",
                                                "startDate", "endDate", "parentSourcedId", "schoolYear"],
              [["year-2026", "", "", "2026-27", "schoolYear", "2026-08-24", "2027-06-18", "", "2027"],
               ["fall-2026", "", "", "Fall 2026", "semester", "2026-08-24", "2027-01-15", "year-2026", "2027"]])
    write_csv(folder / "courses.csv", ["sourcedId", "status", "dateLastModified", "schoolYearSourcedId", "title",
                                       "courseCode", "grades", "orgSourcedId", "subjects"],
              [[f"course-{c}", "", "", "year-2026", f"Course {c}", f"C{c}", "", f"school-{c % schools}", ""]
               for c in range(30)])
    write_csv(folder / "classes.csv", ["sourcedId", "status", "dateLastModified", "title", "grades",
                                       "courseSourcedId", "classCode", "classType", "location", "schoolSourcedId",
                                       "termSourcedIds", "subjects"],
              [[f"class-{k}", "", "", f"Course {k % 30} section {k}", "", f"course-{k % 30}", f"S{k}", "scheduled",
                "", f"school-{k % schools}", "fall-2026", ""] for k in range(classes)])
    users, enrollments, demographics = [], [], []
    header = ["sourcedId", "status", "dateLastModified", "enabledUser", "orgSourcedIds", "role", "username",
              "userIds", "givenName", "familyName", "middleName", "identifier", "email", "sms", "phone",
              "agentSourcedIds", "grades", "password"]
    per_guardian = max(students // max(guardians, 1), 1)
    for t in range(teachers):
        users.append([f"teacher-{t}", "", "", "TRUE", f"school-{t % schools}", "teacher", "", "", f"Teacher{t}",
                      "Staff", "", f"T{t}", f"teacher{t}@lakeside.example", "", "", "", "", ""])
    for g in range(guardians):
        users.append([f"guardian-{g}", "", "", "TRUE", f"school-{g % schools}", "parent", "", "", f"Parent{g}",
                      "Family", "", "", f"parent{g}@family.example", "", "555-0100", "", "", ""])
    for s in range(students):
        school = s % schools
        guardian = f"guardian-{s // per_guardian}" if s // per_guardian < guardians else ""
        users.append([f"student-{s}", "", "", "TRUE", f"school-{school}", "student", "", "", f"Student{s}",
                      "Learner", "", f"{100000 + s}", f"student{s}@students.example" if s % 10 else "", "", "",
                      guardian, str(6 + s % 6), ""])
        demographics.append([f"student-{s}", "", "", "2012-01-01", "female" if s % 2 else "male",
                             "false", "true" if s % 7 == 0 else "false", "false", "false", "true",
                             "false", "true" if s % 5 == 0 else "false"])
        for k in range(per_student):
            klass = (s * per_student + k) % classes
            enrollments.append([f"enr-{s}-{k}", "", "", f"class-{klass}", f"school-{klass % schools}",
                                f"student-{s}", "student", "false", "", ""])
    for k in range(classes):
        enrollments.append([f"enr-t-{k}", "", "", f"class-{k}", f"school-{k % schools}",
                            f"teacher-{k % teachers}", "teacher", "true", "", ""])
    write_csv(folder / "users.csv", header, users)
    write_csv(folder / "enrollments.csv", ["sourcedId", "status", "dateLastModified", "classSourcedId",
                                           "schoolSourcedId", "userSourcedId", "role", "primary", "beginDate",
                                           "endDate"], enrollments)
    write_csv(folder / "demographics.csv", ["sourcedId", "status", "dateLastModified", "birthDate", "sex",
                                            "americanIndianOrAlaskaNative", "asian", "blackOrAfricanAmerican",
                                            "nativeHawaiianOrOtherPacificIslander", "white",
                                            "demographicRaceTwoOrMoreRaces", "hispanicOrLatinoEthnicity"],
              demographics)
    return folder
