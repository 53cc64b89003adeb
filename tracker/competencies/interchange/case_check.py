"""Reading and checking a CASE CFPackage (1EdTech CASE 1.0/1.1 JSON). No database: plain data in, a plan out.

`check_package(package)` turns the parsed JSON into a `Plan` of what to import, or raises
`CaseProblem(path, message)` naming the first bad field as a JSON path such as
`$.CFItems[3].fullStatement`. What it accepts, beyond the letter of CASE 1.0:

- `sequenceNumber` given as a string of digits ("1") is read as the number (with a warning);
- identifiers that are not UUIDs (the pre-1.0 draft used ASN URLs such as
  `http://purl.org/ASN/resources/S1143409`) become name-based UUIDs (uuid5 over the URL
  namespace), so the same legacy file imported again still updates in place and the export is
  valid CASE 1.0; the report counts them;
- associations the tracker does not act on (exactMatchOf, isRelatedTo, exemplar, ...), a second
  isChildOf of the same item, and a precedes that leaves the package are kept as they are, to
  be exported again, each with a warning.

The tracker's own fields travel in an `extensions` object (CASE 1.1 style), which other
CASE tools ignore:

- on a CFItem: `{"studentStatement", "kind", "depthLevel", "crossCutting", "rollupRule",
  "rollupPointsNeeded", "points"}` (see `ITEM_EXTENSIONS`);
- on the CFDocument: `{"estimateMethod", "estimateParameter", "isEducatorFramework",
  "proficiencyScale": {"name", "masteryThreshold", "levels": [{"number", "label", "descriptor"}]}}`.

A package without extensions leaves those fields as they are on re-import (new items get the
defaults: knowledge, no depth level, not cross-cutting, no roll-up, 1 point).
"""
from dataclasses import dataclass, field

from flask_babel import gettext as _

from .case_associations import check_associations
from .case_reader import LIMITS, CaseProblem, Checker, as_uuid, one_of, parse_json
from .case_versions import lifted_from_extensions
from ...mastery.estimates import ParameterProblem, checked_parameter
from ..models import COMPETENCY_KINDS, DEPTH_LEVELS, ESTIMATE_METHODS, ROLLUP_RULES

__all__ = ["CaseProblem", "Plan", "PlannedItem", "as_uuid", "check_package", "parse_json", "ITEM_EXTENSIONS"]

# CFItem extension key -> (Competency attribute, check)
ITEM_EXTENSIONS = {
    "studentStatement": "student_statement",
    "kind": "kind",
    "depthLevel": "depth_level",
    "crossCutting": "cross_cutting",
    "rollupRule": "rollup_rule",
    "rollupPointsNeeded": "rollup_points_needed",
    "points": "points",
}
# CFItem / CFDocument properties the tracker maps to its own columns or writes itself on export
# (caseVersion: the version the export speaks, case_versions.py);
# every other property is kept as it came (case_extra) and exported again.
# lastChangeDateTime and CFPackageURI are kept as the publisher sent them (an edit here drops the
# date: models._forget_publisher_stamp).
ITEM_OWN_KEYS = {"identifier", "fullStatement", "humanCodingScheme", "CFItemType", "extensions",
                 "CFDocumentURI", "CFItemAssociationURI"}
DOCUMENT_OWN_KEYS = {"identifier", "title", "version", "subject", "creator", "description", "extensions",
                     "caseVersion"}
# The tracker's own CFDocument extensions (any other key in extensions is a kept property).
DOCUMENT_EXTENSIONS = {"estimateMethod", "estimateParameter", "isEducatorFramework", "proficiencyScale"}
MAX_WARNINGS = 50


@dataclass
class PlannedItem:
    identifier: str
    index: int  # place in CFItems
    values: dict  # Competency attributes the package sets
    extra: dict | None  # CFItem properties kept as they came
    parent: str | None = None  # parent item identifier; None: top level
    association_identifier: str | None = None
    placed: bool = False  # an isChildOf in the package placed it
    position: int = 0


@dataclass
class Plan:
    document: dict  # Framework attributes the package sets
    document_extra: dict | None
    scale: dict | None  # {"name", "mastery_threshold", "levels": [(n, label, descriptor)]}
    items: list[PlannedItem]
    precedes: list[tuple[str, str, str]]  # (association identifier, prerequisite, competency)
    kept: list[dict]  # associations kept as they are
    rubrics: dict[str, dict[int, str]]  # item identifier -> {level number: descriptor}
    warnings: list[str] = field(default_factory=list)
    legacy_identifiers: int = 0

    @property
    def total(self) -> int:
        return len(self.items) + len(self.precedes) + len(self.kept)


def check_package(package) -> Plan:
    """Check the whole package and plan the import; raises CaseProblem at the first bad field."""
    checker = Checker(package)
    root = checker.obj(package, "$")
    if "CFDocument" not in root:
        raise CaseProblem("$.CFDocument", _("this field is required: a CASE package has a CFDocument"))
    document, document_extra, scale = _check_document(checker, root["CFDocument"])
    items = _check_items(checker, checker.array(root.get("CFItems"), "$.CFItems"))
    by_identifier = {item.identifier: item for item in items}
    precedes, kept = check_associations(
        checker, checker.array(root.get("CFAssociations"), "$.CFAssociations"),
        document["identifier"], by_identifier)
    rubrics = _check_rubrics(checker, checker.array(root.get("CFRubrics"), "$.CFRubrics"), by_identifier)
    definitions = root.get("CFDefinitions")
    if isinstance(definitions, dict) and definitions:
        document_extra = {**(document_extra or {}), "CFDefinitions": definitions}
    if checker.lenient_numbers:
        checker.warn(_("%(n)s sequenceNumber values were text (such as \"1\") and were read as numbers.",
                       n=checker.lenient_numbers))
    if checker.legacy:
        checker.warn(_("%(n)s identifiers were not UUIDs (CASE 1.0 asks for UUIDs); each became a "
                       "name-based UUID made from it, so this file imported again still updates in place.",
                       n=len(checker.legacy)))
    warnings = checker.warnings
    if len(warnings) > MAX_WARNINGS:
        more = len(warnings) - MAX_WARNINGS
        warnings = warnings[:MAX_WARNINGS] + [_("… and %(n)s more notes like these.", n=more)]
    return Plan(document=document, document_extra=document_extra, scale=scale, items=items,
                precedes=precedes, kept=kept, rubrics=rubrics, warnings=warnings,
                legacy_identifiers=len(checker.legacy))


def _check_document(checker, value):
    path = "$.CFDocument"
    doc = checker.obj(value, path)
    values = {
        "identifier": checker.identifier(doc.get("identifier"), f"{path}.identifier"),
        "title": checker.text(doc.get("title"), f"{path}.title", required=True, limit=LIMITS["title"]).strip(),
    }
    if doc.get("version") is not None:
        values["version"] = checker.text(doc.get("version"), f"{path}.version", limit=LIMITS["version"])
    subject = doc.get("subject")
    if isinstance(subject, list):
        subject = ", ".join(checker.text(s, f"{path}.subject[{i}]") for i, s in enumerate(subject))
    if subject is not None:
        values["subject"] = checker.text(subject, f"{path}.subject", limit=LIMITS["subject"]) or None
    if "creator" in doc:
        values["source"] = checker.text(doc.get("creator"), f"{path}.creator", limit=LIMITS["source"]) or None
    if "description" in doc:
        values["description"] = checker.text(doc.get("description"), f"{path}.description") or None
    scale = None
    extensions = doc.get("extensions")
    if extensions is not None:
        ext_path = f"{path}.extensions"
        extensions = checker.obj(extensions, ext_path)
        method = extensions.get("estimateMethod")
        if method is not None:
            if method not in ESTIMATE_METHODS:
                raise CaseProblem(f"{ext_path}.estimateMethod", one_of(ESTIMATE_METHODS))
            values["estimate_method"] = method
        if "estimateParameter" in extensions:
            parameter = extensions["estimateParameter"]
            if parameter is not None and (isinstance(parameter, bool) or not isinstance(parameter, (int, float))):
                raise CaseProblem(f"{ext_path}.estimateParameter", _("expected a number or null"))
            values["estimate_parameter"] = parameter
            if method is not None:
                values["estimate_parameter"] = checked_case_parameter(method, parameter)
        if "isEducatorFramework" in extensions:
            if not isinstance(extensions["isEducatorFramework"], bool):
                raise CaseProblem(f"{ext_path}.isEducatorFramework", _("expected true or false"))
            values["is_educator_framework"] = extensions["isEducatorFramework"]
        if extensions.get("proficiencyScale") is not None:
            scale = _check_scale(checker, extensions["proficiencyScale"], f"{ext_path}.proficiencyScale")
    extra = {**lifted_from_extensions(doc, DOCUMENT_EXTENSIONS),
             **{key: value for key, value in doc.items() if key not in DOCUMENT_OWN_KEYS}} or None
    return values, extra, scale


PARAMETER_PATH = "$.CFDocument.extensions.estimateParameter"


def checked_case_parameter(method: str, parameter):
    """The document's estimate parameter through the one check (`checked_parameter`), refused with
    its JSON path; the import calls it again with the framework's stored values when the package
    gives only one of method and parameter."""
    try:
        return checked_parameter(method, parameter)
    except ParameterProblem as problem:
        raise CaseProblem(PARAMETER_PATH, _(problem.message)) from None


def _check_scale(checker, value, path) -> dict:
    scale = checker.obj(value, path)
    name = checker.text(scale.get("name"), f"{path}.name", required=True, limit=200).strip()
    levels = []
    for i, level in enumerate(checker.array(scale.get("levels"), f"{path}.levels")):
        level_path = f"{path}.levels[{i}]"
        level = checker.obj(level, level_path)
        number = level.get("number")
        if isinstance(number, bool) or not isinstance(number, int):
            raise CaseProblem(f"{level_path}.number", _("expected a whole number"))
        label = checker.text(level.get("label"), f"{level_path}.label", required=True, limit=100)
        levels.append((number, label.strip(), checker.text(level.get("descriptor"), f"{level_path}.descriptor")))
    if len(levels) < 2:
        raise CaseProblem(f"{path}.levels", _("a scale needs at least two levels"))
    threshold = scale.get("masteryThreshold")
    if threshold not in [n for n, _label, _text in levels]:
        raise CaseProblem(f"{path}.masteryThreshold", _("expected one of the level numbers"))
    return {"name": name, "mastery_threshold": threshold, "levels": levels}


def _check_item_extensions(checker, value, path) -> dict:
    extensions = checker.obj(value, path)
    values = {}
    for key, attribute in ITEM_EXTENSIONS.items():
        if key not in extensions:
            continue
        found, key_path = extensions[key], f"{path}.{key}"
        if key == "studentStatement":
            values[attribute] = checker.text(found, key_path) or None
        elif key == "kind" and found not in COMPETENCY_KINDS:
            raise CaseProblem(key_path, one_of(COMPETENCY_KINDS))
        elif key == "depthLevel" and found is not None and found not in DEPTH_LEVELS:
            raise CaseProblem(key_path, _("expected null or one of %(values)s", values=", ".join(DEPTH_LEVELS)))
        elif key == "crossCutting" and not isinstance(found, bool):
            raise CaseProblem(key_path, _("expected true or false"))
        elif key == "rollupRule" and found not in ROLLUP_RULES:
            raise CaseProblem(key_path, one_of(ROLLUP_RULES))
        elif key in ("rollupPointsNeeded", "points") and found is not None and (
                isinstance(found, bool) or not isinstance(found, int) or found < 0):
            raise CaseProblem(key_path, _("expected a whole number, 0 or more"))
        elif key == "points" and found is None:
            raise CaseProblem(key_path, _("expected a whole number, 0 or more"))
        if key != "studentStatement":
            values[attribute] = found
    if values.get("rollup_rule") == "points" and not values.get("rollup_points_needed"):
        raise CaseProblem(f"{path}.rollupPointsNeeded", _("the \"points\" roll-up rule needs 1 or more points"))
    return values


def _check_items(checker, raw_items) -> list[PlannedItem]:
    items, seen = [], {}
    for index, value in enumerate(raw_items):
        path = f"$.CFItems[{index}]"
        item = checker.obj(value, path)
        identifier = checker.identifier(item.get("identifier"), f"{path}.identifier")
        if identifier in seen:
            raise CaseProblem(f"{path}.identifier", _(
                "the identifier %(id)s is used twice (also at %(other)s)",
                id=item.get("identifier"), other=f"$.CFItems[{seen[identifier]}]"))
        seen[identifier] = index
        values = {
            # As the publisher wrote it: spaces and line breaks around it are theirs to keep.
            "statement": checker.text(item.get("fullStatement"), f"{path}.fullStatement", required=True),
            "code": (checker.text(item.get("humanCodingScheme"), f"{path}.humanCodingScheme",
                                  limit=LIMITS["code"]) or "").strip() or None,
            "item_type": (checker.text(item.get("CFItemType"), f"{path}.CFItemType",
                                       limit=LIMITS["item_type"]) or "").strip() or None,
        }
        if item.get("extensions") is not None:
            values.update(_check_item_extensions(checker, item["extensions"], f"{path}.extensions"))
        extra = {**lifted_from_extensions(item, ITEM_EXTENSIONS),
                 **{key: value for key, value in item.items() if key not in ITEM_OWN_KEYS}} or None
        items.append(PlannedItem(identifier=identifier, index=index, values=values, extra=extra))
    return items


def _check_rubrics(checker, raw, items) -> dict[str, dict[int, str]]:
    rubrics: dict[str, dict[int, str]] = {}
    for r, value in enumerate(raw):
        path = f"$.CFRubrics[{r}]"
        rubric = checker.obj(value, path)
        for c, criterion in enumerate(checker.array(rubric.get("CFRubricCriteria"), f"{path}.CFRubricCriteria")):
            c_path = f"{path}.CFRubricCriteria[{c}]"
            criterion = checker.obj(criterion, c_path)
            if criterion.get("CFItemURI") is None:
                checker.warn(_("%(path)s: a criterion not tied to an item was skipped.", path=c_path))
                continue
            item = as_uuid(checker.node(criterion.get("CFItemURI"), f"{c_path}.CFItemURI"))
            if item not in items:
                checker.warn(_("%(path)s: a criterion for an item outside this package was skipped.", path=c_path))
                continue
            levels = rubrics.setdefault(item, {})
            for n, level in enumerate(checker.array(criterion.get("CFRubricCriterionLevels"),
                                                    f"{c_path}.CFRubricCriterionLevels")):
                l_path = f"{c_path}.CFRubricCriterionLevels[{n}]"
                level = checker.obj(level, l_path)
                score = level.get("score")
                if isinstance(score, bool) or not isinstance(score, (int, float)) or score != int(score):
                    raise CaseProblem(f"{l_path}.score", _("expected the level number (a whole number)"))
                text = checker.text(level.get("description"), f"{l_path}.description") or ""
                if text.strip():
                    levels[int(score)] = text.strip()
    return rubrics
