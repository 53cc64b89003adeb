"""CASE packages as publishers send them (issue 22): a duplicated association, and an export
that keeps what the publisher sent; the update report names what changed."""
import copy
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from tracker.competencies.interchange.case import CaseProblem, export_package, import_package
from tracker.competencies.models import Competency, Framework
from tracker.extensions import db

from .test_case import schema_errors

PUBLISHER = Path(__file__).parent / "fixtures" / "publisher_package.case-v1p0.json"


def load():
    return json.loads(PUBLISHER.read_text())


def imported(package=None):
    report = import_package(package or load())
    db.session.commit()
    return report, db.session.get(Framework, report["framework_id"])


# 5. An association given twice -------------------------------------------------------------------

def test_an_association_given_twice_byte_for_byte_is_skipped_with_a_warning_naming_both(app):
    report, framework = imported()
    assert "$.CFAssociations[5] is the same as $.CFAssociations[2] (identifier " \
           "9b2d0000-0000-4000-8000-000000000003); the second was skipped." in report["warnings"]
    assert report["items"]["created"] == 7
    exported = export_package(framework)
    identifiers = [a["identifier"] for a in exported["CFAssociations"]]
    assert len(identifiers) == len(set(identifiers)) == 8


def test_an_association_given_twice_with_different_content_is_refused_naming_both(app):
    package = load()
    package["CFAssociations"][5]["sequenceNumber"] = 9
    with pytest.raises(CaseProblem) as problem:
        import_package(package)
    assert problem.value.path == "$.CFAssociations[5].identifier"
    assert problem.value.message == ("the identifier 9b2d0000-0000-4000-8000-000000000003 is given twice with "
                                     "different content (also at $.CFAssociations[2]); say which one is right")
    assert db.session.scalar(select(Framework.id)) is None


# 6. Export keeps what the publisher sent ---------------------------------------------------------

def test_export_keeps_the_publishers_dates_uris_statements_and_invents_no_parent(app):
    original = load()
    _report, framework = imported(original)
    exported = export_package(framework)
    assert schema_errors(exported) == []
    sent = {item["identifier"]: item for item in original["CFItems"]}
    for item in exported["CFItems"]:
        assert item["lastChangeDateTime"] == sent[item["identifier"]]["lastChangeDateTime"]
        assert item["fullStatement"] == sent[item["identifier"]]["fullStatement"]  # untrimmed
    assert exported["CFDocument"]["lastChangeDateTime"] == original["CFDocument"]["lastChangeDateTime"]
    # CASE 1.1 has no CFPackageURI: the publisher's travels in extensions; a 1.0 export has it in place
    assert exported["CFDocument"]["extensions"]["CFPackageURI"] == original["CFDocument"]["CFPackageURI"]
    assert export_package(framework, "1.0")["CFDocument"]["CFPackageURI"] == original["CFDocument"]["CFPackageURI"]
    child_of = {a["originNodeURI"]["identifier"] for a in exported["CFAssociations"]
                if a["associationType"] == "isChildOf"}
    assert "7a1c0000-0000-4000-8000-000000000007" not in child_of  # the publisher placed it under nothing
    assert len(child_of) == 6


def test_an_item_changed_here_gets_a_new_date_the_others_keep_theirs(app):
    original = load()
    _report, framework = imported(original)
    item = db.session.scalar(select(Competency).where(Competency.identifier == "7a1c0000-0000-4000-8000-000000000006"))
    item.statement = "Apply mathematics to solve problems from everyday life."
    db.session.commit()
    exported = {i["identifier"]: i for i in export_package(framework)["CFItems"]}
    assert exported[item.identifier]["lastChangeDateTime"] != "2019-03-06T10:16:00+00:00"
    assert exported["7a1c0000-0000-4000-8000-000000000005"]["lastChangeDateTime"] == "2019-03-05T10:15:00+00:00"


def test_the_tracker_own_frameworks_still_get_isChildOf_for_top_items(app, make):
    framework = make.framework()
    make.competency(framework, code="A")
    make.competency(framework, code="B")
    db.session.commit()
    exported = export_package(framework)
    assert schema_errors(exported) == []
    items = {i["identifier"] for i in exported["CFItems"]}
    assert items == {a["originNodeURI"]["identifier"] for a in exported["CFAssociations"]
                     if a["associationType"] == "isChildOf"}


# 7. The update report names the items ----------------------------------------------------------

def test_the_update_report_names_each_item_added_changed_and_no_longer_in_the_file(app):
    original = load()
    imported(original)
    changed = copy.deepcopy(original)
    changed["CFItems"][2]["fullStatement"] = "Understand properties of multiplication."
    removed = changed["CFItems"].pop(3)
    changed["CFAssociations"] = [a for a in changed["CFAssociations"]
                                 if removed["identifier"] not in (a["originNodeURI"]["identifier"],
                                                                  a["destinationNodeURI"]["identifier"])]
    changed["CFItems"].append({"identifier": "7a1c0000-0000-4000-8000-000000000008", "fullStatement": "Fluency",
                               "humanCodingScheme": "MATH.C1.TD", "lastChangeDateTime": "2020-01-01T00:00:00+00:00"})
    report = import_package(changed)
    assert report["item_changes"] == {"added": ["MATH.C1.TD"], "changed": ["MATH.C1.TB"], "gone": ["MATH.C1.TC"]}
    assert (report["items"]["created"], report["items"]["updated"], report["items"]["not_in_file"]) == (1, 1, 1)


def test_a_framework_renamed_here_gets_a_new_document_date(app):
    original = load()
    _report, framework = imported(original)
    framework.title = "Mathematics Claims and Targets (district copy)"
    db.session.commit()
    document = export_package(framework)["CFDocument"]
    assert document["lastChangeDateTime"] != original["CFDocument"]["lastChangeDateTime"]
    assert document["extensions"]["CFPackageURI"] == original["CFDocument"]["CFPackageURI"]  # still the publisher's


def test_the_tracker_own_export_of_a_publisher_package_imports_back_unchanged(app):
    _report, framework = imported()
    again = import_package(json.loads(json.dumps(export_package(framework))))
    assert again["items"] == {"created": 0, "updated": 0, "unchanged": 7, "not_in_file": 0}
    assert again["item_changes"] == {"added": [], "changed": [], "gone": []}
