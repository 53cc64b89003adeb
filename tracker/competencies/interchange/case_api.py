"""Published frameworks as the CASE 1.1 REST API serves them (views: tracker/api/case_views.py).

Only published frameworks are served; a draft or retired one is not found. Each answer is cut
from the framework's CASE 1.1 export (case_export.py), so it is what a download would give; a
single item or association also names its document (CFDocumentURI), as the REST binding's
CFItem and CFAssociation do. An association is found by looking through the published
frameworks' exports: fine for a school's handful of frameworks.
"""
from sqlalchemy import select

from ...extensions import db
from ..models import Competency, Framework
from .case_export import export_package

PREFIX = "/ims/case/v1p1"  # the CASE 1.1 REST binding's base path


def _published():
    return select(Framework).where(Framework.status == "published")


def documents(package_uri) -> list[dict]:
    """Every published framework's CFDocument; package_uri(identifier) gives its CFPackages URL."""
    frameworks = db.session.scalars(_published().order_by(Framework.title, Framework.id))
    return [document(export_package(framework), package_uri) for framework in frameworks]


def package(identifier: str) -> dict | None:
    framework = db.session.scalar(_published().where(Framework.identifier == identifier).limit(1))
    return export_package(framework) if framework is not None else None


def document(found: dict, package_uri) -> dict:
    doc = found["CFDocument"]
    return {**doc, "CFPackageURI": {"title": doc["title"], "identifier": doc["identifier"],
                                    "uri": package_uri(doc["identifier"])}}


def _with_document(entry: dict, found: dict) -> dict:
    doc = found["CFDocument"]
    return {**entry, "CFDocumentURI": {"title": doc["title"], "identifier": doc["identifier"], "uri": doc["uri"]}}


def _item_package(identifier: str) -> dict | None:
    framework = db.session.scalar(_published().join(Competency, Competency.framework_id == Framework.id)
                                  .where(Competency.identifier == identifier).limit(1))
    return export_package(framework) if framework is not None else None


def item(identifier: str) -> dict | None:
    found = _item_package(identifier)
    if found is None:
        return None
    return next((_with_document(i, found) for i in found["CFItems"] if i["identifier"] == identifier), None)


def item_associations(identifier: str) -> dict | None:
    """The item and every association that starts or ends at it (CFItemAssociations)."""
    found = item(identifier)
    if found is None:
        return None
    package = _item_package(identifier)
    touching = [_with_document(a, package) for a in package["CFAssociations"]
                if identifier in (a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"])]
    return {"CFItem": found, "CFAssociations": touching}


def association(identifier: str) -> dict | None:
    for framework in db.session.scalars(_published().order_by(Framework.id)):
        found = export_package(framework)
        for entry in found["CFAssociations"]:
            if entry["identifier"] == identifier:
                return _with_document(entry, found)
    return None
