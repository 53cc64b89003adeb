"""CASE CFPackage export: a framework as a CASE 1.1 CFPackage (1.0 on request).

The package is built in the CASE 1.0 shape and turned into 1.1 by case_versions.py; the output is
valid against the official CASE 1.1 and the CASE 1.0 CFPackage schemas (tests check both). URIs the
tracker does not serve are given as `urn:uuid:<identifier>`; URIs that came with an import
are kept, and so are the publisher's CFPackageURI, statements (untrimmed) and lastChangeDateTime
(until a person here changes the item); an item its publisher placed under nothing gets no
isChildOf. isChildOf and precedes associations made in the tracker get name-based identifiers
(uuid5 of their two ends), so repeated exports agree. The tracker's own fields travel in
`extensions` objects (see case_check.py); rubrics become one CFRubric with a criterion per
competency and a criterion level per descriptor (score = level number).
"""
import uuid

from sqlalchemy import select

from ...extensions import db
from .case_check import ITEM_EXTENSIONS
from .case_versions import as_case_11
from ..models import CaseAssociation, Competency, Framework
from ..service import framework_competencies, framework_prerequisites, rubrics_by_competency
from ..tree import build_tree, walk


def _timestamp(moment) -> str:
    return moment.replace(microsecond=0).isoformat() + "+00:00"


def urn(identifier: str) -> str:
    return f"urn:uuid:{identifier}"


def name_uuid(*parts: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "tracker:" + ":".join(parts)))


def child_of_identifier(item: str, parent: str) -> str:
    """The identifier export gives an isChildOf the tracker made (item under parent or document)."""
    return name_uuid("isChildOf", item, parent)


def precedes_identifier(before: str, after: str) -> str:
    return name_uuid("precedes", before, after)


def _clean_definitions(definitions: dict, stamp: str) -> dict:
    """CFDefinitions as imported, minus null values, with the timestamps CASE 1.0 requires."""
    cleaned = {}
    for key, entries in definitions.items():
        if not isinstance(entries, list):
            continue
        cleaned[key] = [{"lastChangeDateTime": stamp, **{k: v for k, v in entry.items() if v is not None}}
                        for entry in entries if isinstance(entry, dict)]
    return cleaned


def export_package(framework: Framework, case_version: str = "1.1") -> dict:
    """The framework as a CASE CFPackage (a dict ready for json.dumps): 1.1 unless "1.0" is asked for."""
    package = _package_10(framework)
    return package if case_version == "1.0" else as_case_11(package)


def _package_10(framework: Framework) -> dict:
    extra = dict(framework.case_extra or {})
    definitions = extra.pop("CFDefinitions", None)
    stamp = _timestamp(framework.updated_at or framework.created_at)
    doc_link = {"title": framework.title, "identifier": framework.identifier,
                "uri": extra.get("uri") or urn(framework.identifier)}
    scale = framework.scale
    document = {
        **extra,
        "identifier": framework.identifier, "uri": doc_link["uri"], "creator": framework.source or "",
        "title": framework.title, "lastChangeDateTime": extra.get("lastChangeDateTime") or stamp,
        "version": framework.version or "1", "CFPackageURI": _package_uri(extra.get("CFPackageURI"), doc_link),
        "extensions": {
            "estimateMethod": framework.estimate_method, "estimateParameter": framework.estimate_parameter,
            "isEducatorFramework": framework.is_educator_framework,
            "proficiencyScale": {
                "name": scale.name, "masteryThreshold": scale.mastery_threshold,
                "levels": [{"number": level.number, "label": level.label, "descriptor": level.descriptor or ""}
                           for level in scale.levels]},
        },
    }
    if framework.subject:
        document["subject"] = [framework.subject]
    if framework.description:
        document["description"] = framework.description
    competencies = framework_competencies(framework)
    by_id = {c.id: c for c in competencies}
    items, associations, links = [], [], {}
    for node in walk(build_tree(competencies)):
        competency = node.item
        item_extra = competency.case_extra or {}
        uri = item_extra.get("uri") or urn(competency.identifier)
        links[competency.id] = {"title": (competency.code or competency.statement)[:100],
                                "identifier": competency.identifier, "uri": uri}
        item = {**item_extra, "identifier": competency.identifier, "uri": uri,
                "fullStatement": competency.statement,
                "lastChangeDateTime": item_extra.get("lastChangeDateTime") or _timestamp(competency.updated_at),
                "CFDocumentURI": dict(doc_link), "extensions": _item_extensions(competency)}
        if competency.code:
            item["humanCodingScheme"] = competency.code
        if competency.item_type:
            item["CFItemType"] = competency.item_type
        items.append(item)
    for node in walk(build_tree(competencies)):
        competency = node.item
        parent = by_id.get(competency.parent_id)
        if parent is None and competency.case_unplaced:
            continue  # its publisher placed it under nothing: no isChildOf is made up
        destination = links[parent.id] if parent is not None else doc_link
        identifier = competency.association_identifier or child_of_identifier(
            competency.identifier, destination["identifier"])
        associations.append(_association(identifier, "isChildOf", links[competency.id], destination,
                                         doc_link, _timestamp(competency.updated_at), competency.position))
    for edge in framework_prerequisites(framework):
        before, after = links[edge.prerequisite_id], links[edge.competency_id]
        identifier = edge.identifier or precedes_identifier(before["identifier"], after["identifier"])
        associations.append(_association(identifier, "precedes", before, after, doc_link, stamp))
    for kept in db.session.scalars(select(CaseAssociation).where(CaseAssociation.framework_id == framework.id)
                                   .order_by(CaseAssociation.id)):
        associations.append({"lastChangeDateTime": stamp, "uri": urn(kept.identifier), **kept.data,
                             "CFDocumentURI": dict(doc_link)})
    package = {"CFDocument": document, "CFItems": items, "CFAssociations": associations}
    rubrics = _export_rubrics(framework, competencies, links, stamp)
    if rubrics:
        package["CFRubrics"] = rubrics
    if isinstance(definitions, dict) and definitions:
        package["CFDefinitions"] = _clean_definitions(definitions, stamp)
    return package


def _package_uri(sent, doc_link: dict) -> dict:
    """CFPackageURI as the publisher sent it; a bare URI (older exports) becomes the LinkURI CASE 1.0
    asks for, with that URI."""
    if isinstance(sent, dict) and sent.get("uri"):
        return sent
    if isinstance(sent, str) and sent.strip():
        return {**doc_link, "uri": sent}
    return dict(doc_link)


def _item_extensions(competency: Competency) -> dict:
    """The tracker's own fields; null says "not set" (a re-import then clears it)."""
    return {key: getattr(competency, attribute) for key, attribute in ITEM_EXTENSIONS.items()}


def _association(identifier, kind, origin, destination, doc_link, stamp, sequence=None) -> dict:
    association = {"identifier": identifier, "uri": urn(identifier), "associationType": kind,
                   "originNodeURI": dict(origin), "destinationNodeURI": dict(destination),
                   "CFDocumentURI": dict(doc_link), "lastChangeDateTime": stamp}
    if sequence is not None:
        association["sequenceNumber"] = sequence
    return association


def _export_rubrics(framework, competencies, links, stamp) -> list:
    """One CFRubric for the framework; a criterion per competency with a rubric, a level per descriptor."""
    descriptors = rubrics_by_competency(framework)
    if not descriptors:
        return []
    labels = {level.number: level.label for level in framework.scale.levels}
    rubric_id = name_uuid("rubric", framework.identifier)
    criteria = []
    for position, competency in enumerate((c for c in competencies if c.id in descriptors), start=1):
        criterion_id = name_uuid("criterion", competency.identifier)
        criteria.append({
            "identifier": criterion_id, "uri": urn(criterion_id), "CFItemURI": dict(links[competency.id]),
            "description": competency.statement, "position": position, "rubricId": rubric_id,
            "lastChangeDateTime": stamp,
            "CFRubricCriterionLevels": [{
                "identifier": (level_id := name_uuid("level", competency.identifier, str(number))),
                "uri": urn(level_id), "description": text, "quality": labels.get(number, str(number)),
                "score": number, "position": number, "rubricCriterionId": criterion_id,
                "lastChangeDateTime": stamp,
            } for number, text in sorted(descriptors[competency.id].items())],
        })
    return [{"identifier": rubric_id, "uri": urn(rubric_id), "title": f"{framework.title}: rubrics",
             "lastChangeDateTime": stamp, "CFRubricCriteria": criteria}]
