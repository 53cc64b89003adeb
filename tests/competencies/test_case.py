"""CASE CFPackage import and export against the real packages in /work/shared/interop/case."""
import copy
import json

import jsonschema
import pytest
from sqlalchemy import func, select

from tracker.competencies import service
from tracker.competencies.interchange.case import CaseProblem, export_package, import_package
from tracker.competencies.interchange.case_check import as_uuid, check_package
from tracker.competencies.models import CaseAssociation, Competency, Framework, RubricDescriptor
from tracker.extensions import db
from tracker.progressions.models import Prerequisite

from .conftest import CASE_DIR, CASE_PACKAGES, CASE_SCHEMA, CASE_SCHEMA_11

ACT = CASE_DIR / "opensalt_ACT_Holistic_Framework_Math.case-v1p0.json"
WHAT = CASE_DIR / "opensalt_What_Standards_Could_Be.case-v1p0.json"
SMART = CASE_DIR / "opensalt_SmartLevelFramework.case-v1p0.json"
CCSS = CASE_DIR / "opensalt_CCSS_Math_pre-1.0_draft.cfpackage.json"


def load(path):
    return json.loads(path.read_text())


def schema_errors(package, case_version="1.1"):
    """Errors against the official CASE 1.1 CFPackage schema, or the CASE 1.0 one."""
    # The 1.1 schema is JSON Schema 2019-09 (1EdTech's binding), the 1.0 one draft-04 (OpenSALT's).
    schema, validator_class = ((CASE_SCHEMA_11, jsonschema.Draft201909Validator) if case_version == "1.1"
                               else (CASE_SCHEMA, jsonschema.Draft4Validator))
    validator = validator_class(json.loads(schema.read_text()), format_checker=jsonschema.FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(package)]


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def associations_of(package):
    """Every association as (identifier, type, origin, destination) in the tracker's identifiers."""
    return {(as_uuid(a["identifier"]), a["associationType"], as_uuid(a["originNodeURI"]["identifier"]),
             as_uuid(a["destinationNodeURI"]["identifier"])) for a in package["CFAssociations"]}


def items_of(package):
    return {as_uuid(i["identifier"]): (i["fullStatement"].strip(), i.get("humanCodingScheme"), i.get("CFItemType"))
            for i in package["CFItems"]}


def tree_order(framework):
    """Every item's identifier in display order, with its depth."""
    from tracker.competencies.tree import build_tree, walk

    return [(node.depth, node.item.identifier) for node in walk(build_tree(service.framework_competencies(framework)))]


@pytest.mark.parametrize("path", CASE_PACKAGES, ids=lambda p: p.name)
def test_every_real_package_imports_reimports_unchanged_and_round_trips(app, path):
    original = load(path)
    report = import_package(original)
    db.session.commit()
    framework = db.session.get(Framework, report["framework_id"])
    items = len(original["CFItems"])
    assert report["items"] == {"created": items, "updated": 0, "unchanged": 0, "not_in_file": 0}
    assert report["associations"]["created"] == len(original["CFAssociations"])
    assert framework.status == "draft"

    again = import_package(original)
    db.session.commit()
    assert again["items"] == {"created": 0, "updated": 0, "unchanged": items, "not_in_file": 0}
    assert again["associations"]["created"] == again["associations"]["updated"] == 0
    assert again["framework_id"] == framework.id and not again["framework_updated"]

    exported = export_package(framework)
    assert schema_errors(exported) == []
    assert schema_errors(export_package(framework, "1.0"), "1.0") == []
    # every item, association and identifier survives import -> export
    assert items_of(exported) == items_of(original)
    assert associations_of(exported) == associations_of(original)
    assert exported["CFDocument"]["identifier"] == as_uuid(original["CFDocument"]["identifier"])

    # ... and export -> import into a fresh database gives the same framework
    order_before = tree_order(framework)
    db.session.query(Prerequisite).delete()
    db.session.query(Framework).filter_by(id=framework.id).delete()
    db.session.commit()
    db.session.expire_all()
    fresh = import_package(json.loads(json.dumps(exported)))
    db.session.commit()
    reimported = db.session.get(Framework, fresh["framework_id"])
    assert fresh["items"]["created"] == items
    assert tree_order(reimported) == order_before
    assert items_of(export_package(reimported)) == items_of(original)
    assert associations_of(export_package(reimported)) == associations_of(original)


def test_hierarchy_order_and_codes_from_act(app):
    report = import_package(load(ACT))
    framework = db.session.get(Framework, report["framework_id"])
    competencies = service.framework_competencies(framework)
    by_code = {c.code: c for c in competencies}
    assert framework.title == "ACT Holistic Framework, Math" and framework.source == "ACT, Inc."
    assert by_code["H.A.MATH.GM"].parent_id is None
    assert by_code["H.A.MATH.GM.PF"].parent_id == by_code["H.A.MATH.GM"].id
    assert by_code["H.A.MATH.GM.PF"].case_extra["abbreviatedStatement"] == "Plane Figures"


def test_what_standards_could_be_precedes_become_prerequisites_and_text_numbers_are_read(app):
    report = import_package(load(WHAT))
    framework = db.session.get(Framework, report["framework_id"])
    by_identifier = {c.identifier: c for c in service.framework_competencies(framework)}
    edges = {(e.prerequisite.identifier, e.competency.identifier, e.identifier)
             for e in service.framework_prerequisites(framework)}
    # "b6f61076 precedes eceec0fb": eceec0fb needs b6f61076 first
    assert ("b6f61076-aa12-450b-8f9d-b86bc071f85e", "eceec0fb-e4de-4ef3-a48f-0987b366c9ae",
            "09c435b5-d488-4371-b826-9a5caff06f36") in edges
    assert len(edges) == 2
    kept = db.session.scalars(select(CaseAssociation)).all()
    assert sorted({a.association_type for a in kept}) == ["exactMatchOf", "exemplar", "isRelatedTo", "precedes"]
    # sequenceNumber "1" and "2" order the two top-level clusters
    top = sorted((c for c in by_identifier.values() if c.parent_id is None), key=lambda c: c.position)
    assert [c.code for c in top] == ["CCSS.Math.Content.6.RP.A", "CCSS.Math.Content.7.RP.A"]
    assert any("sequenceNumber" in warning for warning in report["warnings"])
    assert any("precedes leaves this package" in warning for warning in report["warnings"])


def test_ccss_legacy_draft_imports_leniently_with_a_report(app):
    """Decision: the pre-1.0 CCSS draft (ASN URLs as identifiers, 703 items) is imported, not refused:
    non-UUID identifiers become name-based UUIDs, and the report says so."""
    raw = load(CCSS)
    assert schema_errors(raw, "1.0")  # it really is outside CASE 1.0
    report = import_package(raw)
    assert report["items"]["created"] == 703
    assert report["legacy_identifiers"] == 704  # 703 items and the document
    assert any("not UUIDs" in warning for warning in report["warnings"])
    framework = db.session.get(Framework, report["framework_id"])
    assert framework.identifier == as_uuid("http://purl.org/ASN/resources/D10003FB")
    assert framework.subject == "Math"
    domain = db.session.scalar(select(Competency).where(
        Competency.identifier == as_uuid("http://purl.org/ASN/resources/S1143409")))
    assert (domain.statement, domain.item_type, domain.parent_id) == ("Counting and Cardinality", "Domain", None)


def test_precedes_direction_and_tracker_extensions_round_trip(app, fw):
    framework = fw.framework(description="Ratios", subject="Math", source="District", estimate_method="n_times",
                             estimate_parameter=3)
    domain, first, second = fw.tree(framework, domains=1, per_domain=2)
    domain.rollup_rule, domain.rollup_points_needed = "points", 2
    first.kind, first.depth_level, first.cross_cutting, first.points = "knowledge", "strategic_thinking", True, 2
    second.kind = "disposition"
    first.rubric.append(RubricDescriptor(level_number=3, descriptor="Explains the ratio"))
    db.session.add(Prerequisite(competency=second, prerequisite=first))
    db.session.flush()
    package = export_package(framework)
    assert schema_errors(package) == []
    assert schema_errors(export_package(framework, "1.0"), "1.0") == []
    precedes = [a for a in package["CFAssociations"] if a["associationType"] == "precedes"]
    assert [(a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"]) for a in precedes] == [
        (first.identifier, second.identifier)]  # first precedes second: second needs first
    items = {i["identifier"]: i for i in package["CFItems"]}
    assert items[domain.identifier]["extensions"]["rollupRule"] == "points"
    assert items[domain.identifier]["extensions"]["rollupPointsNeeded"] == 2
    assert items[first.identifier]["extensions"]["points"] == 2
    assert package["CFRubrics"][0]["CFRubricCriteria"][0]["CFItemURI"]["identifier"] == first.identifier

    # Into another install: change the identifier of the document so it imports as a new framework.
    other = copy.deepcopy(package)
    other["CFDocument"]["identifier"] = "11111111-2222-3333-4444-555555555555"
    report = import_package(other)
    imported = db.session.get(Framework, report["framework_id"])
    by_identifier = {c.identifier: c for c in service.framework_competencies(imported)}
    d, f, s = (by_identifier[c.identifier] for c in (domain, first, second))
    assert (d.rollup_rule, d.rollup_points_needed) == ("points", 2)
    assert (f.depth_level, f.cross_cutting, f.points, s.kind) == ("strategic_thinking", True, 2, "disposition")
    assert [(p.prerequisite_id, p.competency_id) for p in service.framework_prerequisites(imported)] == [(f.id, s.id)]
    assert service.rubrics_by_competency(imported) == {f.id: {3: "Explains the ratio"}}
    assert (imported.estimate_method, imported.estimate_parameter, imported.scale_id) == ("n_times", 3, framework.scale_id)


def test_reimport_reports_updates_in_place(app):
    original = load(SMART)
    report = import_package(original)
    changed = copy.deepcopy(original)
    changed["CFItems"][0]["fullStatement"] = "Item 1, reworded"
    changed["CFItems"].append({"identifier": "00000000-0000-0000-0000-0000000000aa", "fullStatement": "New one",
                               "uri": "https://server/new", "lastChangeDateTime": "2024-01-01T00:00:00+00:00"})
    again = import_package(changed)
    assert again["framework_id"] == report["framework_id"]
    assert again["items"] == {"created": 1, "updated": 1, "unchanged": 13, "not_in_file": 0}
    reworded = db.session.scalar(select(Competency).where(
        Competency.identifier == original["CFItems"][0]["identifier"]))
    assert reworded.statement == "Item 1, reworded"
    smaller = copy.deepcopy(original)
    smaller["CFItems"] = smaller["CFItems"][1:]
    smaller["CFAssociations"] = [a for a in smaller["CFAssociations"]
                                 if a["originNodeURI"]["identifier"] != original["CFItems"][0]["identifier"]]
    assert import_package(smaller)["items"]["not_in_file"] == 2  # kept, not deleted


def test_published_framework_is_not_changed_by_import(app):
    original = load(SMART)
    report = import_package(original)
    db.session.get(Framework, report["framework_id"]).status = "published"
    db.session.commit()
    assert import_package(original)["items"]["unchanged"] == 14  # nothing to change: fine
    changed = copy.deepcopy(original)
    changed["CFItems"][0]["fullStatement"] = "Changed"
    with pytest.raises(CaseProblem) as problem:
        import_package(changed)
    assert problem.value.path == "$.CFDocument.identifier"
    assert "new version" in problem.value.message


def mutate(change):
    package = load(WHAT)
    change(package)
    return package


MALFORMED = [
    ("not an object", lambda p: p.clear() or p.update({"CFDocument": []}), "$.CFDocument"),
    ("no document", lambda p: p.pop("CFDocument"), "$.CFDocument"),
    ("no title", lambda p: p["CFDocument"].pop("title"), "$.CFDocument.title"),
    ("items not a list", lambda p: p.update({"CFItems": {"a": 1}}), "$.CFItems"),
    ("item without statement", lambda p: p["CFItems"][3].pop("fullStatement"), "$.CFItems[3].fullStatement"),
    ("statement a number", lambda p: p["CFItems"][5].update({"fullStatement": 12}), "$.CFItems[5].fullStatement"),
    ("duplicate item", lambda p: p["CFItems"].append(dict(p["CFItems"][0])), "$.CFItems[16].identifier"),
    ("code too long", lambda p: p["CFItems"][2].update({"humanCodingScheme": "X" * 101}),
     "$.CFItems[2].humanCodingScheme"),
    ("bad sequence", lambda p: p["CFAssociations"][7].update({"sequenceNumber": "first"}),
     "$.CFAssociations[7].sequenceNumber"),
    ("bare node uri", lambda p: p["CFAssociations"][4].update({"originNodeURI": "http://x"}),
     "$.CFAssociations[4].originNodeURI"),
    ("no association type", lambda p: p["CFAssociations"][9].pop("associationType"),
     "$.CFAssociations[9].associationType"),
    ("bad kind extension", lambda p: p["CFItems"][1].update({"extensions": {"kind": "feeling"}}),
     "$.CFItems[1].extensions.kind"),
    ("n times with a weight", lambda p: p["CFDocument"].update(
        {"extensions": {"estimateMethod": "n_times", "estimateParameter": 0.65}}),
     "$.CFDocument.extensions.estimateParameter"),
    ("weight above 1", lambda p: p["CFDocument"].update(
        {"extensions": {"estimateMethod": "decaying_average", "estimateParameter": 1.5}}),
     "$.CFDocument.extensions.estimateParameter"),
    ("points rule without points", lambda p: p["CFItems"][1].update({"extensions": {"rollupRule": "points"}}),
     "$.CFItems[1].extensions.rollupPointsNeeded"),
]


@pytest.mark.parametrize("name, change, path", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_package_is_refused_with_the_path_and_nothing_is_saved(app, name, change, path):
    with pytest.raises(CaseProblem) as problem:
        import_package(mutate(change))
    assert problem.value.path == path
    db.session.rollback()
    assert count(Framework) == count(Competency) == count(CaseAssociation) == 0


def test_refusal_after_objects_were_built_leaves_nothing(app):
    """A loop found late (after items were planned) still leaves the database as it was."""
    package = load(WHAT)
    first, second = package["CFItems"][0]["identifier"], package["CFItems"][1]["identifier"]
    for origin, destination, n in ((first, second, 1), (second, first, 2)):
        package["CFAssociations"].append({
            "identifier": f"00000000-0000-0000-0000-00000000000{n}", "associationType": "precedes",
            "uri": "urn:x", "lastChangeDateTime": "2020-01-01T00:00:00",
            "originNodeURI": {"identifier": origin, "title": "o", "uri": "urn:o"},
            "destinationNodeURI": {"identifier": destination, "title": "d", "uri": "urn:d"}})
    with pytest.raises(CaseProblem, match="loop"):
        import_package(package)
    db.session.rollback()
    assert count(Framework) == count(Competency) == count(Prerequisite) == 0


def test_child_of_loop_is_refused(app):
    package = load(SMART)
    items = [i["identifier"] for i in package["CFItems"]]
    for association in package["CFAssociations"]:
        if association["originNodeURI"]["identifier"] == items[0]:
            association["destinationNodeURI"]["identifier"] = items[1]
        if association["originNodeURI"]["identifier"] == items[1]:
            association["destinationNodeURI"]["identifier"] = items[0]
    with pytest.raises(CaseProblem, match="isChildOf makes a loop") as problem:
        check_package(package)
    assert problem.value.path.startswith("$.CFAssociations[")


def test_bad_json_names_line_and_column():
    from tracker.competencies.interchange.case_check import parse_json

    with pytest.raises(CaseProblem, match="line 2, column 2") as problem:
        parse_json(b'{"CFDocument": {}\n}}')
    assert problem.value.path == "$"


def test_own_export_imports_back_unchanged_even_when_published(app, fw):
    """URIs and association identifiers made up by the export are not stored back as changes."""
    framework = fw.framework(status="published")
    _domain, first, second = fw.tree(framework, domains=1, per_domain=2)
    db.session.add(Prerequisite(competency=second, prerequisite=first))
    db.session.flush()
    report = import_package(json.loads(json.dumps(export_package(framework))))
    assert report["items"] == {"created": 0, "updated": 0, "unchanged": 3, "not_in_file": 0}
    assert report["associations"] == {"created": 0, "updated": 0, "unchanged": 4, "not_in_file": 0}
    assert first.case_extra is None and first.association_identifier is None


def test_a_case_method_without_its_parameter_never_keeps_one_that_does_not_fit(app, fw):
    """A re-import that switches a framework to "n times at mastery" without a parameter would have
    kept the old 0.65 (shown as n = 0, computed as 3): the path is named and nothing changes."""
    framework = fw.framework(estimate_method="decaying_average", estimate_parameter=0.65)
    db.session.flush()
    package = export_package(framework)
    package["CFDocument"]["extensions"] = {"estimateMethod": "n_times"}
    db.session.commit()
    with pytest.raises(CaseProblem) as problem:
        import_package(package)
    assert problem.value.path == "$.CFDocument.extensions.estimateParameter"
    db.session.rollback()
    framework = db.session.get(Framework, framework.id)
    assert (framework.estimate_method, framework.estimate_parameter) == ("decaying_average", 0.65)
