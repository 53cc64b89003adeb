"""A framework's competencies as CSV, one row per competency, for people who keep standards
in spreadsheets.

Columns (`COLUMNS`): code, parent_code, statement, student_statement, kind, depth_level,
cross_cutting, position, rollup_rule, rollup_points_needed, points, identifier, item_type,
abbreviated_statement, education_level, precedes, is_related_to.
`parent_code` names the parent by its code (or, for a parent without a code or with a code
used twice, by its identifier); empty means top level. abbreviated_statement and education_level
(several separated by commas) are kept as the CASE properties abbreviatedStatement and
educationLevel; precedes and is_related_to name other competencies the same way (csv_links.py):
"A precedes B" makes A a prerequisite of B, so a CSV round trip keeps prerequisites.

Import (`import_csv`) goes into an existing draft framework: a row updates the competency with
its identifier, else the one with its code, else creates one. Every row is checked first; any
error refuses the whole file, with messages naming row and column (row 1 is the header, as in
a spreadsheet). Columns missing from the file leave those fields as they are. Header names are
matched loosely, so OpenSALT's CASE-item CSV ("Identifier", "fullStatement", "Human Coding
Scheme", "sequenceNumber", "Is Child Of", "CFItemType") imports as it is; other columns are
reported as ignored. Identifiers that are not UUIDs become name-based UUIDs, as in CASE import.

Export escapes cells a spreadsheet would run as formulas with a leading apostrophe; import
removes it again, so a file round-trips.
"""
import csv
import io

from flask_babel import gettext as _
from flask_babel import ngettext

from ...extensions import db
from .case_check import as_uuid
from .csv_links import apply_links, export_references, read_links
from .csv_rows import CASE_PROPERTIES, COLUMNS, MAX_PROBLEMS, CsvProblems, check_row, escape, read_rows
from ..models import Competency, Framework
from ..service import ensure_editable, framework_competencies
from ..tree import build_tree, find_parent_loop, walk

__all__ = ["COLUMNS", "CsvProblems", "import_csv", "export_csv", "export_rows", "read_rows"]


def import_csv(framework: Framework, raw: bytes | str, *, progress=None) -> dict:
    """Create or update the framework's competencies from the CSV; returns the report.
    Raises CsvProblems (nothing changed) when any row is wrong."""
    ensure_editable(framework)
    report_progress = progress or (lambda done, total, phase: None)
    columns, rows, ignored, skipped = read_rows(raw)
    problems: list[str] = []
    checked = []
    for number, row in rows:
        checked.append((number, row, check_row(number, row, columns, problems)))
        if len(problems) >= MAX_PROBLEMS:
            break
    existing = framework_competencies(framework)
    targets = _match_rows(checked, existing, problems)
    refs = {}  # code or identifier -> row number or existing competency
    code_counts: dict = {}
    for competency in existing:
        code_counts[competency.code] = code_counts.get(competency.code, 0) + 1
    for competency in existing:
        refs[competency.identifier] = competency
        if competency.code and code_counts[competency.code] == 1:
            refs[competency.code] = competency
    file_codes: dict = {}
    for number, row, values in checked:
        if values.get("code"):
            file_codes.setdefault(values["code"], []).append(number)
    for number, row, values in checked:
        for key in (values.get("code"), values.get("identifier")):
            if key:
                refs[key] = number
        if targets[number] is not None:
            for key in (targets[number].code, targets[number].identifier):
                if key and refs.get(key) is targets[number]:
                    refs[key] = number
    parents = {}
    if "parent_code" in columns:
        for number, row, values in checked:
            reference = row.get("parent_code") or ""
            if not reference:
                parents[number] = None
                continue
            found = refs.get(reference, refs.get(as_uuid(reference)))
            if len(file_codes.get(reference, ())) > 1:
                problems.append(_("Row %(row)s, column parent_code: rows %(rows)s all have the code %(code)s; "
                                  "give the parent's identifier instead.", row=number, code=reference,
                                  rows=", ".join(map(str, file_codes[reference]))))
            elif found is None:
                problems.append(_("Row %(row)s, column parent_code: no competency with the code or identifier "
                                  "%(code)s in this file or in the framework.", row=number, code=reference))
            elif found == number:
                problems.append(_("Row %(row)s, column parent_code: a competency cannot be its own parent.",
                                  row=number))
            parents[number] = found
        _check_loops(parents, problems)
    links = read_links(framework, checked, dict(rows), columns, refs, file_codes, targets, problems)
    if problems:
        raise CsvProblems(problems[:MAX_PROBLEMS])
    legacy = sum(bool(values.pop("_legacy", False)) for _number, _row, values in checked)
    report, row_competency = _apply(framework, checked, targets, parents, columns, ignored, existing,
                                    report_progress)
    apply_links(framework, links, row_competency, report)
    if skipped:
        report["warnings"].append(ngettext("Row %(rows)s describes the framework itself and was skipped.",
                                           "Rows %(rows)s describe the framework itself and were skipped.",
                                           len(skipped), rows=", ".join(map(str, skipped))))
    if legacy:
        report["warnings"].append(_("%(n)s identifiers were not UUIDs; each became a name-based UUID made "
                                    "from it, so this file imported again still updates in place.", n=legacy))
    return report


def _match_rows(checked, existing, problems) -> dict:
    """Row number -> the existing competency it updates (None: a new one). A row is matched by
    its identifier, else by its code; codes and identifiers must not be used twice."""
    by_identifier = {c.identifier: c for c in existing}
    by_code: dict = {}
    for competency in existing:
        if competency.code:
            by_code.setdefault(competency.code, []).append(competency)
    targets, seen_codes, seen_identifiers, claimed = {}, {}, {}, {}
    for number, _row, values in checked:
        code, identifier = values.get("code"), values.get("identifier")
        if code and code in seen_codes and not identifier:
            problems.append(_("Row %(row)s, column code: %(code)s is already used on row %(other)s.",
                              row=number, code=code, other=seen_codes[code]))
        if identifier and identifier in seen_identifiers:
            problems.append(_("Row %(row)s, column identifier: already used on row %(other)s.",
                              row=number, other=seen_identifiers[identifier]))
        if code:
            seen_codes.setdefault(code, number)
        if identifier:
            seen_identifiers.setdefault(identifier, number)
        holders = by_code.get(code, []) if code else []
        if identifier:
            target = by_identifier.get(identifier)
        elif len(holders) > 1:
            problems.append(_("Row %(row)s, column code: %(n)s competencies of the framework have the code "
                              "%(code)s; add the identifier column to say which one this row is.",
                              row=number, n=len(holders), code=code))
            target = None
        else:
            target = holders[0] if holders else None
        if target is not None and target.id in claimed:
            problems.append(_("Row %(row)s: this is the same competency as row %(other)s.",
                              row=number, other=claimed[target.id]))
        if target is not None:
            claimed.setdefault(target.id, number)
        targets[number] = target
    for number, _row, values in checked:
        code = values.get("code")
        others = [c for c in by_code.get(code, []) if c is not targets[number] and c.id not in claimed] if (
            code and not values.get("identifier")) else []
        if others:
            problems.append(_("Row %(row)s, column code: %(code)s is already used in the framework by "
                              "“%(statement)s”.", row=number, code=code, statement=others[0].statement[:80]))
    return targets


def _check_loops(parents: dict, problems: list) -> None:
    loop = find_parent_loop({row: found for row, found in parents.items() if isinstance(found, int)})
    if loop:
        problems.append(_("Row %(row)s, column parent_code: the parents make a loop (rows %(rows)s).",
                          row=loop[0], rows=", ".join(map(str, loop))))


def _apply(framework, checked, targets, parents, columns, ignored, existing, progress) -> dict:
    report = {"items": {"created": 0, "updated": 0, "unchanged": 0, "not_in_file": 0}, "warnings": []}
    if ignored:
        report["warnings"].append(_("Columns ignored: %(columns)s.", columns=", ".join(ignored)))
    by_id = {c.id: c for c in existing}
    row_competency: dict[int, Competency] = {}
    changed: dict[int, bool] = {}
    total = len(checked)
    with db.session.no_autoflush:
        for done, (number, _row, values) in enumerate(checked, start=1):
            competency = targets[number]
            if competency is None:
                competency = Competency(framework=framework, statement=values["statement"])
                if values.get("identifier"):
                    competency.identifier = values["identifier"]
                db.session.add(competency)
            fields = {k: v for k, v in values.items() if k not in ("position", "identifier")
                      and not k.startswith("_case_")}
            changed[number] = any(getattr(competency, k) != v for k, v in fields.items())
            for key, value in fields.items():
                setattr(competency, key, value)
            if _set_case_properties(competency, values):
                changed[number] = True
            row_competency[number] = competency
            progress(done, total, "importing")
        # Parents, then positions: given ones as written, blank ones after them in file order.
        groups: dict = {}
        for number, _row, values in checked:
            competency = row_competency[number]
            old_parent = by_id.get(competency.parent_id) if targets[number] is not None else None
            parent = old_parent
            if "parent_code" in columns:
                found = parents[number]
                parent = row_competency[found] if isinstance(found, int) else found
            if parent is not old_parent or targets[number] is None:
                competency.parent = parent
                competency.association_identifier = None
                changed[number] = True
            groups.setdefault(id(parent), []).append((number, values, competency))
        for siblings in groups.values():
            next_position = max((v["position"] for _n, v, _c in siblings if v.get("position")), default=0)
            for number, values, competency in siblings:
                position = values.get("position")
                if position is None and ("position" in columns or targets[number] is None):
                    next_position += 1
                    position = next_position
                if position is not None and competency.position != position:
                    competency.position = position
                    changed[number] = True
        for number, _row, _values in checked:
            report["items"]["created" if targets[number] is None else
                            "updated" if changed[number] else "unchanged"] += 1
    progress(total, total, "saving")
    report["items"]["not_in_file"] = len({c.id for c in existing} - {t.id for t in targets.values() if t})
    db.session.flush()
    report.update(framework_id=framework.id, framework_title=framework.title)
    return report, row_competency


def _set_case_properties(competency: Competency, values: dict) -> bool:
    """Keep the CASE properties the file gives (abbreviatedStatement, educationLevel) in case_extra."""
    given = {key[len("_case_"):]: value for key, value in values.items() if key.startswith("_case_")}
    if not given:
        return False
    extra = dict(competency.case_extra or {})
    for key, value in given.items():
        if value is None:
            extra.pop(key, None)
        else:
            extra[key] = value
    extra = extra or None
    if extra == competency.case_extra:
        return False
    competency.case_extra = extra
    return True


def export_rows(framework: Framework) -> tuple[tuple, list[list[str]]]:
    """(header, rows) for the framework, in tree order."""
    competencies = framework_competencies(framework)
    by_id = {c.id: c for c in competencies}
    code_counts: dict = {}
    for competency in competencies:
        code_counts[competency.code] = code_counts.get(competency.code, 0) + 1
    def reference(competency) -> str:
        return competency.code if competency.code and code_counts[competency.code] == 1 else competency.identifier

    references = export_references(framework, competencies, by_id, reference)
    rows = []
    for node in walk(build_tree(competencies)):
        c = node.item
        parent = by_id.get(c.parent_id)
        extra = c.case_extra or {}
        properties = []
        for key, is_list in CASE_PROPERTIES.values():
            value = extra.get(key)
            properties.append(", ".join(map(str, value)) if is_list and isinstance(value, list) else value)
        rows.append([escape(value) for value in (
            c.code, reference(parent) if parent is not None else "", c.statement, c.student_statement, c.kind,
            c.depth_level, c.cross_cutting, c.position, c.rollup_rule, c.rollup_points_needed, c.points,
            c.identifier, c.item_type, *properties, references[c.id]["precedes"],
            references[c.id]["is_related_to"])])
    return COLUMNS, rows


def export_csv(framework: Framework) -> str:
    """The CSV text (UTF-8 with a byte-order mark is added by the view)."""
    header, rows = export_rows(framework)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()

