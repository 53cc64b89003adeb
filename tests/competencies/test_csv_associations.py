"""CSV columns real spreadsheets carry beside the statement (issue 22): Abbreviated Statement,
Education Level, Precedes and Is Related To; a CSV round trip keeps prerequisites."""
import json
from pathlib import Path

from sqlalchemy import select

from tracker.competencies import service
from tracker.competencies.interchange.case import export_package
from tracker.competencies.interchange.csv_io import CsvProblems, export_csv, import_csv
from tracker.competencies.models import CaseAssociation
from tracker.extensions import db

OPENSALT_LIKE = Path(__file__).parent / "fixtures" / "opensalt_items_with_associations.csv"


def by_code(framework):
    return {c.code: c for c in service.framework_competencies(framework)}


def prerequisite_pairs(framework):
    codes = {c.id: c.code for c in service.framework_competencies(framework)}
    return sorted((codes[e.prerequisite_id], codes[e.competency_id]) for e in service.framework_prerequisites(framework))


def related_pairs(framework):
    return sorted((a.data["originNodeURI"]["title"], a.data["destinationNodeURI"]["title"])
                  for a in db.session.scalars(select(CaseAssociation).where(CaseAssociation.framework_id == framework.id,
                                                                           CaseAssociation.association_type == "isRelatedTo")))


def test_abbreviated_statement_education_level_precedes_and_related_are_kept(app, fw):
    framework = fw.framework()
    report = import_csv(framework, OPENSALT_LIKE.read_bytes())
    assert report["warnings"] == [w for w in report["warnings"] if "Columns ignored" not in w]
    codes = by_code(framework)
    assert codes["M.F.1"].case_extra["abbreviatedStatement"] == "Unit fractions"
    assert codes["M.F"].case_extra["educationLevel"] == ["03", "04"]
    assert prerequisite_pairs(framework) == [("M.F.1", "M.F.2"), ("M.F.2", "M.F.3")]  # "A precedes B"
    assert related_pairs(framework) == [("M.F.1", "CCSS.Math.Content.3.NF.A.1"), ("M.F.2", "M.F.1"),
                                        ("M.F.3", "http://asn.jesandco.org/resources/S1143417")]
    package = export_package(framework)
    item = next(i for i in package["CFItems"] if i.get("humanCodingScheme") == "M.F.1")
    assert (item["abbreviatedStatement"], item["educationLevel"]) == ("Unit fractions", ["03"])
    assert {a["associationType"] for a in package["CFAssociations"]} == {"isChildOf", "precedes", "isRelatedTo"}
    again = import_csv(framework, OPENSALT_LIKE.read_bytes())
    assert again["items"]["unchanged"] == 4
    assert prerequisite_pairs(framework) == [("M.F.1", "M.F.2"), ("M.F.2", "M.F.3")]
    assert len(related_pairs(framework)) == 3


def test_a_csv_round_trip_keeps_prerequisites_and_the_new_columns(app, fw):
    framework = fw.framework()
    import_csv(framework, OPENSALT_LIKE.read_bytes())
    text = export_csv(framework)
    copy = fw.framework()
    import_csv(copy, text)
    assert prerequisite_pairs(copy) == prerequisite_pairs(framework)
    assert related_pairs(copy) == related_pairs(framework)
    assert by_code(copy)["M.F.3"].case_extra["abbreviatedStatement"] == "Comparing fractions"
    assert by_code(copy)["M.F"].case_extra["educationLevel"] == ["03", "04"]


def test_a_precedes_to_an_unknown_code_or_making_a_loop_is_refused_by_row_and_column(app, fw):
    framework = fw.framework()
    text = OPENSALT_LIKE.read_text().replace('"M.F","M.F.3","M.F.1"', '"M.F","M.F.9","M.F.1"')
    try:
        import_csv(framework, text)
        raise AssertionError("refused")
    except CsvProblems as problems:
        assert problems.problems == ["Row 4, column precedes: no competency with the code or identifier M.F.9 "
                                     "in this file or in the framework."]
    loop = OPENSALT_LIKE.read_text().replace('"04","M.F","",', '"04","M.F","M.F.1",')
    try:
        import_csv(framework, loop)
        raise AssertionError("refused")
    except CsvProblems as problems:
        assert problems.problems == ["Row 5, column precedes: precedes makes a loop: M.F.1 → M.F.2 → M.F.3 → M.F.1."]
    assert service.framework_competencies(framework) == []
