"""CSV import and export of a framework's competencies."""
import pytest
from sqlalchemy import func, select

from tracker.competencies import service
from tracker.competencies.interchange.case_check import as_uuid
from tracker.competencies.interchange.csv_io import COLUMNS, CsvProblems, export_csv, import_csv, read_rows
from tracker.competencies.models import Competency
from tracker.extensions import db

from .conftest import CSV_DIR

HEADER = ",".join(COLUMNS)


def by_code(framework):
    return {c.code: c for c in service.framework_competencies(framework)}


def test_opensalt_sample_imports_with_its_own_columns(app, fw):
    framework = fw.framework()
    report = import_csv(framework, (CSV_DIR / "opensalt_sample_case.csv").read_bytes())
    assert report["items"] == {"created": 10, "updated": 0, "unchanged": 0, "not_in_file": 0}
    assert any("ConceptKeywords" in w for w in report["warnings"])  # ignored columns are named
    assert not any("Abbreviated Statement" in w or "IsRelatedTo" in w for w in report["warnings"])  # kept
    assert any("not UUIDs" in w for w in report["warnings"])
    codes = by_code(framework)
    assert codes["M.F.1-2.S1a"].parent_id == codes["M.F.1-2.S1"].id  # "Is Child Of" is the parent's code
    assert codes["M.F.1-2.S1a"].statement == "Students can add or subtract fractions"
    assert codes["M.F.C2"].position == 2  # sequenceNumber
    assert codes["M.F"].identifier == as_uuid("Math.Fractions")
    assert codes["M.E.C1"].parent_id is None
    # the same file again changes nothing
    assert import_csv(framework, (CSV_DIR / "opensalt_sample_case.csv").read_bytes())["items"]["unchanged"] == 10


def test_big_real_spreadsheets(app, fw):
    """The CCSSO ELA list (1,189 items, identifiers, no parents) and Moodle's OECD example (parents
    by id number; its row for the framework itself is skipped; Moodle's HTML description, scales
    and rules are ignored and named in the report)."""
    ela = fw.framework()
    assert import_csv(ela, (CSV_DIR / "opensalt_ccsso_ela_item.csv").read_bytes())["items"]["created"] == 1189
    oecd = fw.framework()
    report = import_csv(oecd, (CSV_DIR / "moodle_lpimportcsv_example_OECD_core_competencies.csv").read_bytes())
    assert report["items"]["created"] == 64
    assert any("Row 2 describes the framework" in w for w in report["warnings"])
    codes = by_code(oecd)
    assert "OECD-CORE" not in codes
    assert codes["level-1"].parent_id == codes["levels"].id and codes["levels"].parent_id is None


def test_export_then_import_round_trips_every_column(app, fw):
    framework = fw.framework()
    domain, first, second = fw.tree(framework, domains=1, per_domain=2)
    domain.rollup_rule, domain.rollup_points_needed = "points", 3
    first.depth_level, first.cross_cutting, first.points, first.item_type = "recall", True, 2, "Target"
    second.kind, second.statement = "skill", "=SUM(A1) looks like a formula"
    db.session.flush()
    text = export_csv(framework)
    assert text.splitlines()[0] == HEADER
    assert "'=SUM(A1)" in text  # a spreadsheet will not run it
    copy = fw.framework()
    import_csv(copy, text)
    for original, imported in zip(service.framework_competencies(framework), service.framework_competencies(copy)):
        for column in ("code", "statement", "student_statement", "kind", "depth_level", "cross_cutting",
                       "position", "rollup_rule", "rollup_points_needed", "points", "identifier", "item_type"):
            assert getattr(imported, column) == getattr(original, column), column
    assert by_code(copy)["D1.1"].parent_id == by_code(copy)["D1"].id
    assert import_csv(copy, text)["items"] == {"created": 0, "updated": 0, "unchanged": 3, "not_in_file": 0}


def test_rows_update_by_code_and_move(app, fw):
    framework = fw.framework()
    fw.tree(framework, domains=2, per_domain=1)
    report = import_csv(framework, "code,parent_code,statement\nD1.1,D2,Moved and reworded\nNEW,D1,Brand new\n")
    assert report["items"] == {"created": 1, "updated": 1, "unchanged": 0, "not_in_file": 3}
    codes = by_code(framework)
    assert codes["D1.1"].parent_id == codes["D2"].id and codes["D1.1"].statement == "Moved and reworded"
    assert codes["NEW"].parent_id == codes["D1"].id


def test_every_bad_cell_is_named_and_nothing_is_saved(app, fw):
    framework = fw.framework()
    text = (HEADER + "\n"
            "A,,Fine,,knowledge,,no,1,none,,1,,\n"
            "B,Z,Parent missing,,knowledge,,no,,none,,1,,\n"
            "C,,,,skil,,maybe,0,some,,x,,\n"
            "A,,Same code,,knowledge,,no,,none,,1,,\n"
            "D,,Skill with depth,,skill,recall,no,,points,,1,,\n")
    with pytest.raises(CsvProblems) as refused:
        import_csv(framework, text)
    problems = "\n".join(refused.value.problems)
    for expected in ["Row 3, column parent_code", "Row 4, column statement", "Row 4, column kind",
                     "Row 4, column cross_cutting", "Row 4, column position", "Row 4, column rollup_rule",
                     "Row 4, column points", "Row 5, column code: A is already used on row 2",
                     "Row 6, column depth_level", "Row 6, column rollup_points_needed"]:
        assert expected in problems
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Competency)) == 0


def test_parent_loops_are_refused(app, fw):
    with pytest.raises(CsvProblems, match="loop"):
        import_csv(fw.framework(), "code,parent_code,statement\nA,B,a\nB,A,b\n")


def test_files_that_are_not_csv_of_competencies(app, fw):
    framework = fw.framework()
    with pytest.raises(CsvProblems, match="statement"):
        import_csv(framework, "name,age\nx,1\n")
    with pytest.raises(CsvProblems, match="UTF-8"):
        import_csv(framework, "code,statement\nA,caf\xe9\n".encode("latin-1"))
    with pytest.raises(CsvProblems, match="empty"):
        import_csv(framework, b"")


def test_semicolon_spreadsheets_and_byte_order_mark(app, fw):
    columns, rows, ignored, skipped = read_rows("\ufeffcode;statement;parent_code\nA;Alpha;\n".encode())
    assert columns == ["code", "statement", "parent_code"] and rows == [(2, {"code": "A", "statement": "Alpha",
                                                                             "parent_code": ""})]


def test_published_framework_refuses_csv(app, fw):
    from tracker.competencies.service import FrameworkLocked

    with pytest.raises(FrameworkLocked):
        import_csv(fw.framework(status="published"), "code,statement\nA,a\n")
