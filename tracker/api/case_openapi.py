"""The CASE 1.1 REST endpoints in the OpenAPI document (tracker/api/openapi.py merges them in)."""
from ..competencies.interchange.case_api import PREFIX

LINK = {"type": "object", "required": ["title", "identifier", "uri"], "properties": {
    "title": {"type": "string"}, "identifier": {"type": "string"}, "uri": {"type": "string"}}}
SCHEMAS = {
    "CaseLinkURI": LINK,
    "CaseDocument": {"type": "object", "required": ["identifier", "uri", "creator", "title", "lastChangeDateTime"],
                     "description": "A CFDocument (CASE 1.1); CFPackageURI gives its CFPackages address.",
                     "properties": {"identifier": {"type": "string"}, "uri": {"type": "string"},
                                    "creator": {"type": "string"}, "title": {"type": "string"},
                                    "lastChangeDateTime": {"type": "string"}, "caseVersion": {"type": "string"},
                                    "CFPackageURI": {"$ref": "#/components/schemas/CaseLinkURI"}}},
    "CaseDocumentList": {"type": "object", "properties": {
        "CFDocuments": {"type": "array", "items": {"$ref": "#/components/schemas/CaseDocument"}}}},
    "CasePackage": {"type": "object", "required": ["CFDocument"],
                    "description": "A CFPackage, valid against the CASE 1.1 CFPackage JSON schema.",
                    "properties": {"CFDocument": {"type": "object"},
                                   "CFItems": {"type": "array", "items": {"type": "object"}},
                                   "CFAssociations": {"type": "array", "items": {"type": "object"}},
                                   "CFRubrics": {"type": "array", "items": {"type": "object"}},
                                   "CFDefinitions": {"type": "object"}}},
    "CaseItem": {"type": "object", "required": ["identifier", "fullStatement", "uri", "lastChangeDateTime"],
                 "properties": {"identifier": {"type": "string"}, "fullStatement": {"type": "string"},
                                "uri": {"type": "string"}, "lastChangeDateTime": {"type": "string"},
                                "CFDocumentURI": {"$ref": "#/components/schemas/CaseLinkURI"}}},
    "CaseAssociation": {"type": "object", "required": ["identifier", "associationType", "uri", "originNodeURI",
                                                       "destinationNodeURI", "lastChangeDateTime"],
                        "properties": {"identifier": {"type": "string"}, "associationType": {"type": "string"},
                                       "uri": {"type": "string"}, "lastChangeDateTime": {"type": "string"},
                                       "originNodeURI": {"$ref": "#/components/schemas/CaseLinkURI"},
                                       "destinationNodeURI": {"$ref": "#/components/schemas/CaseLinkURI"},
                                       "CFDocumentURI": {"$ref": "#/components/schemas/CaseLinkURI"}}},
    "CaseItemAssociations": {"type": "object", "properties": {
        "CFItem": {"$ref": "#/components/schemas/CaseItem"},
        "CFAssociations": {"type": "array", "items": {"$ref": "#/components/schemas/CaseAssociation"}}}},
    "ImsxStatusInfo": {"type": "object", "required": ["imsx_codeMajor", "imsx_severity"], "properties": {
        "imsx_codeMajor": {"type": "string", "enum": ["success", "processing", "failure", "unsupported"]},
        "imsx_severity": {"type": "string", "enum": ["status", "warning", "error"]},
        "imsx_description": {"type": "string"},
        "imsx_codeMinor": {"type": "object"}}},
}


def _json(ref: str, description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


def _get(summary: str, ref: str, parameter: str | None = None) -> dict:
    responses = {"200": _json(ref, "OK")}
    parameters = []
    if parameter:
        parameters = [{"name": parameter, "in": "path", "required": True, "schema": {"type": "string"},
                       "description": "The object's CASE identifier (sourcedId)."}]
        responses["404"] = _json("ImsxStatusInfo", "No published object has this identifier.")
    return {"get": {"summary": summary, "tags": ["case"], "security": [], "parameters": parameters,
                    "responses": responses}}


PATHS = {
    f"{PREFIX}/CFDocuments": _get("Every published framework's CFDocument (CASE 1.1, no sign-in)",
                                  "CaseDocumentList"),
    f"{PREFIX}/CFDocuments/{{case_document_id}}": _get("A published framework's CFDocument", "CaseDocument",
                                                        "case_document_id"),
    f"{PREFIX}/CFPackages/{{case_document_id}}": _get("A published framework as a CASE 1.1 CFPackage",
                                                       "CasePackage", "case_document_id"),
    f"{PREFIX}/CFItems/{{case_item_id}}": _get("One CFItem of a published framework", "CaseItem", "case_item_id"),
    f"{PREFIX}/CFItemAssociations/{{case_item_id}}": _get("A CFItem and every association to or from it",
                                                          "CaseItemAssociations", "case_item_id"),
    f"{PREFIX}/CFAssociations/{{case_association_id}}": _get("One CFAssociation of a published framework",
                                                             "CaseAssociation", "case_association_id"),
}
