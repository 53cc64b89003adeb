"""Reading a OneRoster CSV set (its files gathered by unpack.py) into tables.

Pure: bytes in, tables and problems out; nothing here touches the database. Rows are
numbered as a spreadsheet shows them (the header is row 1), so a problem can name the row.
"""
import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from .problems import Problem, error, warning

# The files the tracker reads, by their name without ".csv".
USED_FILES = ("orgs", "academicSessions", "courses", "classes", "users", "enrollments",
              "demographics", "roles", "userProfiles")
MANIFEST = "manifest"
MODES = ("bulk", "delta", "absent")
SUPPORTED_VERSIONS = ("1.1", "1.2")

# Columns each file must have (checked after aliases are applied).
REQUIRED_COLUMNS = {
    "orgs": ("sourcedId", "name", "type"),
    "academicSessions": ("sourcedId", "title", "type", "startDate", "endDate"),
    "courses": ("sourcedId", "title"),
    "classes": ("sourcedId", "title", "schoolSourcedId", "termSourcedIds"),
    "users": ("sourcedId", "givenName", "familyName"),
    "enrollments": ("sourcedId", "classSourcedId", "userSourcedId", "role"),
    "demographics": ("sourcedId",),
    "roles": ("userSourcedId", "role"),
    "userProfiles": (),
}

# Older or vendor spellings of a column -> the name used here (only when that name is absent).
ALIASES = {
    "users": {"agents": "agentSourcedIds", "userId": "userIds", "orgSourcedId": "orgSourcedIds"},
    "classes": {"grade": "grades", "termSourcedId": "termSourcedIds"},
    "demographics": {"userSourcedId": "sourcedId", "birthdate": "birthDate"},
    "courses": {"grade": "grades"},
}


@dataclass
class Table:
    name: str
    filename: str
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


@dataclass
class RosterFiles:
    """A OneRoster set as read: its version, each file's mode, the tables and the problems."""

    version: str | None = None
    modes: dict[str, str] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)  # files given that could not be read
    full_sets: set[str] = field(default_factory=set)   # files the manifest declares as bulk: the full set

    @property
    def row_count(self) -> int:
        return sum(len(t.rows) for t in self.tables.values())

    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


# Reading ---------------------------------------------------------------------------------

def read_set(files: dict[str, bytes], problems: list[Problem] | None = None) -> RosterFiles:
    """Read the CSV files of a OneRoster set: manifest, version, modes and tables."""
    result = RosterFiles(problems=list(problems or []))
    by_name: dict[str, tuple[str, bytes]] = {}
    canonical = {n.lower(): n for n in (*USED_FILES, MANIFEST)}
    for path, data in files.items():
        filename = PurePosixPath(path.replace("\\", "/")).name
        stem, dot, ext = filename.rpartition(".")
        if not dot or ext.lower() != "csv":
            result.problems.append(warning("not_csv", filename))
            continue
        name = canonical.get(stem.lower())
        if name is None:
            result.problems.append(warning("unused_file", filename))
            continue
        if name in by_name:
            result.problems.append(error("duplicate_file", filename))
            continue
        by_name[name] = (f"{name}.csv", data)
    if not by_name and not result.has_errors():
        result.problems.append(error("no_files"))
        return result

    declared = _read_manifest(by_name.pop(MANIFEST, None), result)
    has_manifest = declared is not None
    declared = declared or {}
    for name in USED_FILES:
        mode = declared.get(name)
        if name not in by_name:
            if mode in ("bulk", "delta"):
                result.problems.append(error("manifest_missing_file", "manifest.csv",
                                             name=f"{name}.csv", mode=mode))
            continue
        filename, data = by_name[name]
        if mode == "absent":
            result.problems.append(warning("manifest_absent_file", filename))
            continue
        if has_manifest and mode is None:
            result.problems.append(warning("manifest_unlisted_file", filename))
        table = parse_csv(name, filename, data, result.problems)
        if table is None:
            result.unreadable.add(name)
        else:
            result.tables[name] = table
            result.modes[name] = mode or "bulk"
            if mode == "bulk":
                result.full_sets.add(name)
    if result.version is None:
        result.version = "1.2" if "roles" in result.tables else "1.1"
        result.problems.append(warning("no_version" if has_manifest else "no_manifest",
                                       "manifest.csv", version=result.version))
    _check_columns(result)
    return result


def _read_manifest(entry, result: RosterFiles) -> dict[str, str] | None:
    """Fill result.version from manifest.csv; return each file's declared mode (None: no manifest)."""
    if entry is None:
        return None
    filename, data = entry
    table = parse_csv(MANIFEST, filename, data, result.problems)
    if table is None:
        return {}
    for column in ("propertyName", "value"):
        if column not in table.columns:
            result.problems.append(error("missing_column", filename, name=column))
            return {}
    declared = {}
    for number, row in table.rows:
        key, value = row["propertyName"].strip(), row["value"].strip()
        if key == "oneroster.version":
            if value not in SUPPORTED_VERSIONS:
                result.problems.append(error("unsupported_version", filename, number, "value", version=value))
            result.version = value
        elif key.startswith("file."):
            mode = value.lower()
            if mode not in MODES:
                result.problems.append(error("manifest_mode", filename, number, "value", value=value))
                continue
            declared[key[len("file."):]] = mode
    return declared


def decode(filename: str, data: bytes, problems: list[Problem]) -> str | None:
    """The text of a UTF-8 file (with or without a byte-order mark); anything else is refused."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        problems.append(error("encoding_utf16", filename))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        problems.append(error("encoding", filename, line, byte=f"{data[exc.start]:02x}"))
        return None


def parse_csv(name: str, filename: str, data: bytes, problems: list[Problem]) -> Table | None:
    """One CSV file as a table of rows keyed by column; None when it cannot be read at all."""
    text = decode(filename, data, problems)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    number = 0
    try:
        header = next(reader, None)
        number = 1
        if not header or not any(h.strip() for h in header):
            problems.append(error("empty_file", filename))
            return None
        names = [h.strip() for h in header]
        # Moodle's OneRoster plugin ends each header with empty column names: those columns are
        # left out (with a warning). An empty name anywhere else leaves unclear which value is which.
        width = len(names)
        while names and not names[-1]:
            names.pop()
        if len(names) < width:
            problems.append(warning("empty_trailing_columns", filename, None, str(len(names) + 1),
                                    n=width - len(names)))
        blank = [i for i, n in enumerate(names) if not n]
        if blank:
            problems.append(error("unnamed_column", filename, 1, str(blank[0] + 1)))
            return None
        columns = _canonical_columns(name, names)
        seen = set()
        for column in columns:
            if column in seen:
                problems.append(error("duplicate_column", filename, 1, column))
                return None
            seen.add(column)
        table = Table(name, filename, columns)
        for values in reader:
            number += 1
            if not any(v.strip() for v in values):
                continue  # a blank line, or a row of empty cells left by a spreadsheet
            if len(values) != width and len(values) != len(columns):
                problems.append(error("field_count", filename, number, found=len(values), expected=width))
                continue
            extra = [(i, v.strip()) for i, v in enumerate(values[len(columns):], len(columns) + 1) if v.strip()]
            if extra:
                problems.append(warning("value_in_unnamed_column", filename, number, str(extra[0][0]),
                                        value=extra[0][1][:100]))
            row = {c: v.strip() for c, v in zip(columns, values)}
            nul = [c for c, v in row.items() if "\x00" in v]
            if nul:  # PostgreSQL cannot store it, and it means nothing in a roster
                problems.append(error("nul_character", filename, number, nul[0]))
                continue
            table.rows.append((number, row))
    except csv.Error as exc:
        problems.append(error("csv_syntax", filename, number + 1, detail=str(exc)))
        return None
    return table


def _canonical_columns(name: str, columns: list[str]) -> list[str]:
    """Columns with OneRoster's spelling restored (header case differs between tools) and aliases applied."""
    known = {c.lower(): c for c in REQUIRED_COLUMNS.get(name, ())}
    known.update({c.lower(): c for c in _OPTIONAL_COLUMNS.get(name, ())})
    columns = [known.get(c.lower(), c) for c in columns]
    for alias, target in ALIASES.get(name, {}).items():
        if target not in columns:
            columns = [target if c.lower() == alias.lower() else c for c in columns]
    return columns


_OPTIONAL_COLUMNS = {
    "orgs": ("status", "identifier", "parentSourcedId"),
    "academicSessions": ("status", "parentSourcedId", "schoolYear"),
    "courses": ("status", "courseCode", "orgSourcedId"),
    "classes": ("status", "courseSourcedId", "classCode", "grades"),
    "users": ("status", "enabledUser", "orgSourcedIds", "role", "username", "email", "sms", "phone",
              "agentSourcedIds", "grades", "identifier", "middleName", "preferredGivenName",
              "preferredFamilyName", "primaryOrgSourcedId"),
    "enrollments": ("status", "schoolSourcedId", "primary", "beginDate", "endDate"),
    "demographics": ("status", "sex", "birthDate", "americanIndianOrAlaskaNative", "asian",
                     "blackOrAfricanAmerican", "nativeHawaiianOrOtherPacificIslander", "white",
                     "demographicRaceTwoOrMoreRaces", "hispanicOrLatinoEthnicity"),
    "roles": ("sourcedId", "status", "roleType", "orgSourcedId", "userProfileSourcedId"),
}


def _check_columns(result: RosterFiles) -> None:
    for name, table in result.tables.items():
        required = list(REQUIRED_COLUMNS[name])
        if name == "users" and "role" not in table.columns and "roles" not in result.tables:
            result.problems.append(error("roles_unreadable" if "roles" in result.unreadable else "no_roles",
                                         table.filename))
        for column in required:
            if column not in table.columns:
                result.problems.append(error("missing_column", table.filename, name=column))
