"""Equity attributes from OneRoster demographics (and vendors' ext_ columns).

sex becomes gender; the race flags and hispanicOrLatinoEthnicity become one category as in
US federal reporting (Hispanic or Latino of any race; two or more races; else the one race).
English learner, IEP/504 and free/reduced lunch are not in core OneRoster: they are read from
ext_ columns with a recognisable name (ext_ell, ext_vendor_iep, ext_frlStatus, ...), else left unknown.
"""
import re

from .map import KEEP, Resolver
from .problems import error, warning

RACE_COLUMNS = (
    ("americanIndianOrAlaskaNative", "American Indian or Alaska Native"),
    ("asian", "Asian"),
    ("blackOrAfricanAmerican", "Black or African American"),
    ("nativeHawaiianOrOtherPacificIslander", "Native Hawaiian or Other Pacific Islander"),
    ("white", "White"),
)
SEXES = {"male": "male", "m": "male", "female": "female", "f": "female", "other": "other",
         "unspecified": None, "": None}

# Attributes outside core OneRoster that vendors send in ext_ columns, by the last part of the name.
EXT_FLAGS = {
    "english_learner": {"englishlearner", "englishlanguagelearner", "ell", "el", "lep", "elstatus",
                        "ellstatus", "lepstatus", "limitedenglishproficient", "limitedenglishproficiency"},
    "iep_504": {"iep", "iep504", "504", "section504", "sped", "specialeducation", "iepstatus",
                "disability", "studentswithdisabilities", "swd"},
    "free_reduced_lunch": {"frl", "frlstatus", "freereducedlunch", "freeandreducedlunch", "freereducedmeals",
                           "lunchstatus", "economicallydisadvantaged", "ecodis"},
}
EXT_TRUE = {"el", "ell", "lep", "iep", "504", "free", "reduced"}
EXT_FALSE = {"rfep", "ifep", "ep", "efl", "paid", "full", "none", "not el"}


def resolve_equity(r: Resolver, people: dict) -> None:
    """Equity attributes from demographics.csv, and from ext_ columns of demographics.csv or users.csv."""
    table = r.table("demographics")
    done = set()
    for number, row, sid in r.unique_rows("demographics"):
        person = people.get(sid)
        if person is None and sid not in r.snap.learners and sid not in r.snap.users:
            r.problems.append(error("unknown_reference", table.filename, number, "sourcedId", kind="user", id=sid))
            continue
        if not (person.is_student if person else sid in r.snap.learners):
            r.problems.append(warning("demographics_not_student", table.filename, number, "sourcedId", id=sid))
            continue
        done.add(sid)
        values = {"gender": _sex(r, table, number, row), "race_ethnicity": _race(r, table, number, row),
                  **_ext_flags(r, table, number, row)}
        if person is not None:
            for name, value in _ext_flags(r, r.table("users"), person.number, person.row).items():
                values.setdefault(name, value)
        if not r.status(table, number, row):
            values = dict.fromkeys(values)
        _set_equity(r, sid, values)
    for sid, person in people.items():  # ext_ columns of users.csv, for students without demographics
        if person.is_student and sid not in done:
            flags = _ext_flags(r, r.table("users"), person.number, person.row)
            if flags:
                _set_equity(r, sid, flags)


def _set_equity(r: Resolver, sid: str, values: dict) -> None:
    full = {name: values.get(name, KEEP) for name in
            ("gender", "race_ethnicity", "english_learner", "iep_504", "free_reduced_lunch")}
    if sid in r.snap.equity or any(v not in (None, KEEP) for v in full.values()):
        r.desired["equity"][sid] = {**full, "_label": sid}


def _sex(r: Resolver, table, number: int, row: dict):
    if "sex" not in table.columns:
        return KEEP
    value = row["sex"].lower()
    if value not in SEXES:
        r.problems.append(warning("bad_sex", table.filename, number, "sex", value=row["sex"]))
        return None
    return SEXES[value]


def _race(r: Resolver, table, number: int, row: dict):
    columns = [c for c, _label in RACE_COLUMNS] + ["demographicRaceTwoOrMoreRaces", "hispanicOrLatinoEthnicity"]
    if not any(c in table.columns for c in columns):
        return KEEP
    if r.flag(table, number, row, "hispanicOrLatinoEthnicity"):
        return "Hispanic or Latino"
    races = [label for column, label in RACE_COLUMNS if r.flag(table, number, row, column)]
    if r.flag(table, number, row, "demographicRaceTwoOrMoreRaces") or len(races) > 1:
        return "Two or more races"
    return races[0] if races else None


def _ext_flags(r: Resolver, table, number: int, row: dict) -> dict:
    found = {}
    for column in table.columns:
        if not column.lower().startswith("ext_"):
            continue
        parts = [re.sub(r"[^a-z0-9]", "", p.lower()) for p in column[4:].split("_")]
        names = {parts[-1], "".join(parts), "".join(parts[1:])}
        for name, words in EXT_FLAGS.items():
            if names & words:
                found[name] = _ext_value(r, table, number, column, row[column])
    return found


def _ext_value(r: Resolver, table, number: int, column: str, raw: str) -> bool | None:
    value = raw.strip().lower()
    if not value:
        return None
    if value in EXT_TRUE or value in {"true", "t", "yes", "y", "1"}:
        return True
    if value in EXT_FALSE or value in {"false", "f", "no", "n", "0"}:
        return False
    r.problems.append(warning("bad_flag", table.filename, number, column, value=raw))
    return None
