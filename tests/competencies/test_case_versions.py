"""CASE export speaks 1.1 by default (valid against the official CASE 1.1 CFPackage schema) and
1.0 on request (valid against the CASE 1.0 schema); a 1.1 export imports back losing nothing."""
import json

from tracker.competencies.interchange.case import export_package, import_package
from tracker.competencies.models import Framework
from tracker.extensions import db
from tracker.progressions.models import Prerequisite

from .test_case import schema_errors
from .test_case_publisher import imported, load


def test_default_export_is_case_11_and_valid_against_the_official_schema(app):
    _report, framework = imported()
    package = export_package(framework)
    assert schema_errors(package) == []
    assert package["CFDocument"]["caseVersion"] == "1.1"
    assert not any("CFDocumentURI" in entry for entry in package["CFItems"] + package["CFAssociations"])
    assert "CFPackageURI" not in package["CFDocument"]


def test_the_case_10_shape_fails_the_11_schema_and_is_given_on_request(app):
    _report, framework = imported()
    old = export_package(framework, "1.0")
    assert schema_errors(old, "1.0") == []
    assert "caseVersion" not in old["CFDocument"]
    assert all(item["CFDocumentURI"]["identifier"] == framework.identifier for item in old["CFItems"])
    errors = schema_errors(old)  # the 1.1 schema really refuses what 1.0 allows
    assert any(error.startswith("CFItems/0:") and "CFDocumentURI" in error for error in errors)


def test_a_case_11_export_imports_into_a_fresh_database_losing_nothing(app):
    original = load()
    _report, framework = imported(original)
    before = export_package(framework, "1.0")
    package = json.loads(json.dumps(export_package(framework)))
    db.session.query(Prerequisite).delete()
    db.session.query(Framework).delete()
    db.session.commit()
    report = import_package(package)
    db.session.commit()
    again = db.session.get(Framework, report["framework_id"])
    after = export_package(again, "1.0")
    assert after["CFDocument"]["CFPackageURI"] == original["CFDocument"]["CFPackageURI"]
    assert after["CFDocument"] == before["CFDocument"] and after["CFItems"] == before["CFItems"]
    assert associations(after) == associations(before)
    assert {k: v for k, v in after.items() if k not in ("CFDocument", "CFItems", "CFAssociations")} == {
        k: v for k, v in before.items() if k not in ("CFDocument", "CFItems", "CFAssociations")}


def associations(package):
    """Associations by identifier, without the date the tracker gives those it made (the import's time)."""
    return sorted(({k: v for k, v in a.items() if k != "lastChangeDateTime"} for a in package["CFAssociations"]),
                  key=lambda a: a["identifier"])


def test_an_unlisted_publisher_property_travels_in_extensions(app):
    original = load()
    original["CFItems"][0]["publisherNote"] = "kept"
    _report, framework = imported(original)
    items = {i["identifier"]: i for i in export_package(framework)["CFItems"]}
    item = items[original["CFItems"][0]["identifier"]]
    assert "publisherNote" not in item and item["extensions"]["publisherNote"] == "kept"
    assert schema_errors(export_package(framework)) == []


def test_export_page_gives_either_version_and_names_a_bad_one(client, auth, make, fw):
    framework = fw.framework(title="Versions")
    fw.tree(framework, domains=1, per_domain=1)
    auth.as_user(make.user("validator"))
    db.session.commit()
    assert client.get(f"/frameworks/{framework.id}/export.json").json["CFDocument"]["caseVersion"] == "1.1"
    old = client.get(f"/frameworks/{framework.id}/export.json?case_version=1.0").json
    assert "caseVersion" not in old["CFDocument"] and schema_errors(old, "1.0") == []
    response = client.get(f"/frameworks/{framework.id}/export.json?case_version=2.0")
    assert response.status_code == 400
    assert "case_version" in response.get_data(as_text=True) and "2.0" in response.get_data(as_text=True)
