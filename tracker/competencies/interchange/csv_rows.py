"""Reading a competency CSV: the columns, the header names it accepts, and the check of each
row (see csv_io.py for what the import does with the rows). No database."""
import csv
import io
import re

from flask_babel import gettext as _

from .case_check import as_uuid
from ..models import COMPETENCY_KINDS, DEPTH_LEVELS, ROLLUP_RULES

COLUMNS = ("code", "parent_code", "statement", "student_statement", "kind", "depth_level", "cross_cutting",
           "position", "rollup_rule", "rollup_points_needed", "points", "identifier", "item_type",
           "abbreviated_statement", "education_level", "precedes", "is_related_to")
# Columns kept as CASE CFItem properties (in Competency.case_extra), and whether the value is a list.
CASE_PROPERTIES = {"abbreviated_statement": ("abbreviatedStatement", False),
                   "education_level": ("educationLevel", True)}
# Columns naming other competencies (codes or identifiers; several separated by commas or semicolons).
REFERENCE_COLUMNS = ("precedes", "is_related_to")
ALIASES = {
    "code": "code", "humancodingscheme": "code",
    "parentcode": "parent_code", "ischildof": "parent_code", "parent": "parent_code",
    "statement": "statement", "fullstatement": "statement",
    "studentstatement": "student_statement", "icanstatement": "student_statement",
    "kind": "kind", "depthlevel": "depth_level", "depthofknowledge": "depth_level",
    "crosscutting": "cross_cutting", "position": "position", "sequencenumber": "position",
    "rolluprule": "rollup_rule", "rolluppointsneeded": "rollup_points_needed", "points": "points",
    "identifier": "identifier", "itemtype": "item_type", "cfitemtype": "item_type",
    "abbreviatedstatement": "abbreviated_statement", "educationlevel": "education_level",
    "precedes": "precedes", "isrelatedto": "is_related_to", "relatedto": "is_related_to",
    # Moodle's competency framework CSV (tool_lpimportcsv)
    "idnumber": "code", "parentidnumber": "parent_code", "shortname": "statement",
    "isframework": "is_framework",  # that row describes the framework itself: skipped
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TRUE_WORDS = {"yes", "y", "true", "1", "x", "sí", "si"}
FALSE_WORDS = {"no", "n", "false", "0", ""}
MAX_PROBLEMS = 100
LIMITS = {"code": 100, "identifier": 255, "item_type": 100}


class CsvProblems(ValueError):
    """The file is refused; `problems` lists each bad cell as "Row 4, column kind: ..."."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _normal(header: str) -> str:
    return re.sub(r"[^a-z]", "", (header or "").lower())


def unescape(cell: str) -> str:
    if len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA_STARTS:
        return cell[1:]
    return cell


def escape(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) and not isinstance(value, int) else text


def read_rows(raw: bytes | str) -> tuple[list[str], list[tuple[int, dict]], list[str], list[int]]:
    """(columns found, [(row number, {column: text})], ignored headers, rows skipped as describing
    the framework itself). Raises CsvProblems for a file that cannot be read as CSV or has no
    statement column."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            row = raw[:error.start].count(b"\n") + 1
            raise CsvProblems([_("Row %(row)s: the file is not UTF-8 text. In your spreadsheet, save it as "
                                 "“CSV UTF-8” and try again.", row=row)]) from None
    first_line = raw.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count) if first_line else ","
    # strict: a quote left open (a file cut short) is an error, not a cell running to the end
    reader = csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter, strict=True)
    number = 0  # the last row read whole
    try:
        header = next(reader, None)
        if not header:
            raise CsvProblems([_("The file is empty.")])
        columns, ignored = [], []
        for name in header:
            column = ALIASES.get(_normal(name))
            if column is None or column in columns:
                ignored.append(name)
                column = None
            columns.append(column)
        number = 1
        if "statement" not in columns:
            raise CsvProblems([_("Row 1: no “statement” column (the staff statement of each "
                                 "competency). Columns are: %(columns)s.", columns=", ".join(COLUMNS))])
        rows, skipped = [], []
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            row = {column: unescape(cell.strip()) for column, cell in zip(columns, cells) if column}
            nul = [column for column, cell in row.items() if "\x00" in cell]
            if nul:
                raise CsvProblems([_("Row %(row)s, column %(column)s: the cell contains a NUL character, "
                                     "which cannot be saved.", row=number, column=nul[0])])
            if row.pop("is_framework", "").lower() in TRUE_WORDS:
                skipped.append(number)
                continue
            rows.append((number, row))
    except csv.Error as error:
        raise CsvProblems([_("Row %(row)s: the CSV cannot be read (%(problem)s).",
                             row=number + 1, problem=str(error))]) from None
    notes = [name for name in ignored if name.strip()]
    return [c for c in columns if c and c != "is_framework"], rows, notes, skipped


def split_list(text: str) -> list[str]:
    """The values of a cell holding several: separated by commas, semicolons or line breaks."""
    return [part.strip() for part in re.split(r"[,;\n]", text or "") if part.strip()]


def _int(text, allow_negative=False):
    if text in (None, ""):
        return None
    if not re.fullmatch(r"-?\d+" if allow_negative else r"\d+", text):
        raise ValueError
    return int(text)


def check_row(number: int, row: dict, columns: list[str], problems: list[str]) -> dict:
    """The row's values for the Competency, with problems added to `problems`."""

    def problem(column, message):
        problems.append(_("Row %(row)s, column %(column)s: %(message)s", row=number, column=column,
                          message=message))

    values: dict = {}
    statement = row.get("statement", "")
    if not statement:
        problem("statement", _("the statement is empty."))
    values["statement"] = statement
    for column in ("code", "identifier", "item_type"):
        if column in columns:
            if len(row.get(column, "")) > LIMITS[column]:
                problem(column, _("longer than %(n)s characters.", n=LIMITS[column]))
            values[column] = row.get(column) or None
    if "student_statement" in columns:
        values["student_statement"] = row.get("student_statement") or None
    if "kind" in columns:
        kind = (row.get("kind") or "knowledge").lower()
        if kind not in COMPETENCY_KINDS:
            problem("kind", _("“%(value)s” is not one of %(values)s.", value=row["kind"],
                              values=", ".join(COMPETENCY_KINDS)))
        values["kind"] = kind
    if "depth_level" in columns:
        depth = (row.get("depth_level") or "").lower()
        depth = DEPTH_LEVELS[int(depth) - 1] if depth in ("1", "2", "3", "4") else depth or None
        if depth is not None and depth not in DEPTH_LEVELS:
            problem("depth_level", _("“%(value)s” is not one of 1-4 or %(values)s.", value=row["depth_level"],
                                     values=", ".join(DEPTH_LEVELS)))
        elif depth is not None and values.get("kind", "knowledge") != "knowledge":
            problem("depth_level", _("a depth level belongs to knowledge only; leave it empty for a "
                                     "skill or a disposition."))
        values["depth_level"] = depth
    if "cross_cutting" in columns:
        flag = (row.get("cross_cutting") or "").lower()
        if flag not in TRUE_WORDS | FALSE_WORDS:
            problem("cross_cutting", _("write yes or no (not “%(value)s”).", value=row["cross_cutting"]))
        values["cross_cutting"] = flag in TRUE_WORDS
    if "rollup_rule" in columns:
        rule = (row.get("rollup_rule") or "none").lower()
        if rule not in ROLLUP_RULES:
            problem("rollup_rule", _("“%(value)s” is not one of %(values)s.", value=row["rollup_rule"],
                                     values=", ".join(ROLLUP_RULES)))
        values["rollup_rule"] = rule
    for column, minimum in (("position", 1), ("rollup_points_needed", 1), ("points", 0)):
        if column not in columns:
            continue
        try:
            value = _int(row.get(column))
            if value is not None and value < minimum:
                raise ValueError
        except ValueError:
            problem(column, _("expected a whole number, %(n)s or more (not “%(value)s”).", n=minimum,
                              value=row.get(column)))
            value = None
        values[column] = value
    if "points" in values and values["points"] is None:
        values["points"] = 1
    if values.get("rollup_rule") == "points" and not values.get("rollup_points_needed"):
        problem("rollup_points_needed", _("the “points” roll-up rule needs the number of points (1 or more)."))
    if values.get("rollup_rule") not in (None, "points") and values.get("rollup_points_needed"):
        problem("rollup_points_needed", _("points needed apply only to the “points” rule; leave it empty."))
    for column, (key, is_list) in CASE_PROPERTIES.items():
        if column in columns:
            text = row.get(column) or ""
            values[f"_case_{key}"] = (split_list(text) or None) if is_list else (text or None)
    if values.get("identifier"):
        values["identifier"] = as_uuid(values["identifier"])
        values["_legacy"] = values["identifier"] != row["identifier"]
    return values
