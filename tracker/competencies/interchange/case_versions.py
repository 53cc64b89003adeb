"""The CASE version an export speaks: 1.1 (the default) or 1.0.

export_package builds the CASE 1.0 shape (which allows CFDocumentURI on items and associations
and CFPackageURI on the document). The official CASE 1.1 CFPackage schema allows neither, nor any
property it does not list; it adds `caseVersion`, `frameworkType`, item `subject`/`subjectURI`,
association `notes` and an `extensions` object everywhere. `as_case_11` turns the 1.0 shape into
1.1: the CFDocumentURI links are left out, `caseVersion` is "1.1", and any other property 1.1 does
not list (CFPackageURI, or one a publisher sent) travels inside `extensions` under its own name.
"""
CASE_VERSIONS = ("1.1", "1.0")

DOCUMENT_11 = {"identifier", "uri", "creator", "title", "lastChangeDateTime", "officialSourceURL", "publisher",
               "description", "subject", "subjectURI", "language", "version", "adoptionStatus", "statusStartDate",
               "statusEndDate", "licenseURI", "notes", "frameworkType", "caseVersion", "extensions"}
ITEM_11 = {"identifier", "fullStatement", "alternativeLabel", "CFItemType", "uri", "humanCodingScheme",
           "listEnumeration", "abbreviatedStatement", "conceptKeywords", "conceptKeywordsURI", "notes", "language",
           "educationLevel", "CFItemTypeURI", "licenseURI", "statusStartDate", "statusEndDate", "lastChangeDateTime",
           "subject", "subjectURI", "extensions"}
ASSOCIATION_11 = {"identifier", "associationType", "sequenceNumber", "uri", "originNodeURI", "destinationNodeURI",
                  "CFAssociationGroupingURI", "lastChangeDateTime", "notes", "extensions"}
# Definition fields CASE 1.1 requires and 1.0 did not: when a publisher's 1.0 package left one out, the
# 1.1 export gives the title in its place (a description, a licence's text) or an empty hierarchy code.
DEFINITIONS_REQUIRED_11 = {
    "CFItemTypes": {"description": "title", "hierarchyCode": None},
    "CFSubjects": {"hierarchyCode": None},
    "CFConcepts": {"hierarchyCode": None},
    "CFLicenses": {"licenseText": "title"},
}
# Links back to the document CASE 1.0 puts on items and associations: 1.1 has none, they are dropped.
# (The document's CFPackageURI, which may be the publisher's, moves into extensions like the rest.)
LINKS_10 = {"CFDocumentURI", "CFItemAssociationURI"}


def _only(entry: dict, allowed: set) -> dict:
    """`entry` with only the properties 1.1 lists; the others (but the 1.0 links) go into extensions."""
    kept = {key: value for key, value in entry.items() if key in allowed and value is not None}
    moved = {key: value for key, value in entry.items()
             if key not in allowed and key not in LINKS_10 and value is not None}
    if moved:
        kept["extensions"] = {**moved, **(kept.get("extensions") or {})}
    return kept


def as_case_11(package: dict) -> dict:
    """A CASE 1.0-shaped CFPackage as CASE 1.1 (a new dict; the argument is not changed)."""
    document = _only(package["CFDocument"], DOCUMENT_11)
    document["caseVersion"] = "1.1"
    items = []
    for item in package["CFItems"]:
        item = _only(item, ITEM_11)
        if isinstance(item.get("subject"), str):
            item["subject"] = [item["subject"]]
        items.append(item)
    converted = {**package, "CFDocument": document, "CFItems": items,
                 "CFAssociations": [_only(a, ASSOCIATION_11) for a in package["CFAssociations"]]}
    if isinstance(package.get("CFDefinitions"), dict):
        converted["CFDefinitions"] = _definitions_11(package["CFDefinitions"])
    return converted


def _definitions_11(definitions: dict) -> dict:
    filled = {}
    for kind, entries in definitions.items():
        required = DEFINITIONS_REQUIRED_11.get(kind, {})
        filled[kind] = [{**{field: str(entry.get(source) or "") if source else ""
                            for field, source in required.items() if entry.get(field) is None}, **entry}
                        for entry in entries]
    return filled


def lifted_from_extensions(entry: dict, own_extensions) -> dict:
    """What a 1.1 package carried in `extensions` besides the tracker's own fields (for example
    the publisher's CFPackageURI), put back as plain properties so a 1.0 export gives them in place."""
    extensions = entry.get("extensions")
    if not isinstance(extensions, dict):
        return {}
    return {key: value for key, value in extensions.items() if key not in own_extensions}
