"""The CSV columns that name other competencies: `precedes` (each competency listed there has this
row's as a prerequisite, as CASE's "A precedes B") and `is_related_to` (kept as a CASE isRelatedTo
association, exported again). A reference is a code or an identifier, of a row of the file or of
a competency of the framework; an is_related_to may also name something outside (a code of another
framework, a URL): it is kept as it is. Prerequisites and associations are added, never removed.
"""
from flask_babel import gettext as _
from sqlalchemy import select

from ...extensions import db
from ...progressions.models import Prerequisite
from ..models import CaseAssociation, Competency
from ..service import framework_prerequisites
from ..tree import find_cycle
from .case_check import as_uuid
from .case_export import name_uuid, urn
from .csv_rows import REFERENCE_COLUMNS, split_list


def resolve(number: int, column: str, reference: str, refs: dict, file_codes: dict, problems: list, *,
            outside_ok: bool = False):
    """The row number or competency a reference names; the reference itself when it names something
    outside and `outside_ok`; None (with a problem) otherwise."""
    found = refs.get(reference, refs.get(as_uuid(reference)))
    if len(file_codes.get(reference, ())) > 1:
        problems.append(_("Row %(row)s, column %(column)s: rows %(rows)s all have the code %(code)s; "
                          "give the identifier instead.", row=number, column=column, code=reference,
                          rows=", ".join(map(str, file_codes[reference]))))
        return None
    if found is None:
        if outside_ok:
            return reference
        problems.append(_("Row %(row)s, column %(column)s: no competency with the code or identifier "
                          "%(code)s in this file or in the framework.", row=number, column=column, code=reference))
        return None
    if found == number:
        problems.append(_("Row %(row)s, column %(column)s: a competency cannot name itself here.",
                          row=number, column=column))
        return None
    return found


def read_links(framework, checked, rows_by_number, columns, refs, file_codes, targets, problems) -> dict:
    """{column: [(row number, what it names)]} for the reference columns in the file; a precedes
    that would make a loop (with the prerequisites already in the framework) is a problem."""
    links = {column: [] for column in REFERENCE_COLUMNS if column in columns}
    for column in links:
        for number, row, _values in checked:
            for reference in split_list(rows_by_number[number].get(column, "")):
                found = resolve(number, column, reference, refs, file_codes, problems,
                                outside_ok=column == "is_related_to")
                if found is not None:
                    links[column].append((number, found))
    if links.get("precedes"):
        _check_loop(framework, checked, links["precedes"], targets, problems)
    return links


def _check_loop(framework, checked, precedes, targets, problems) -> None:
    row_of = {targets[number].id: number for number, _row, _values in checked if targets[number] is not None}
    code_of = {number: values.get("code") or values["statement"][:40] for number, _row, values in checked}

    def node(found):
        if isinstance(found, int):
            return found
        return row_of.get(found.id, found)

    edges = [(number, node(found)) for number, found in precedes]
    edges += [(node(edge.prerequisite), node(edge.competency)) for edge in framework_prerequisites(framework)]
    cycle = find_cycle(edges)
    if cycle:
        closing = next(number for number, found in precedes
                       if number == cycle[-2] and node(found) == cycle[-1])
        names = [code_of[n] if isinstance(n, int) else (n.code or n.statement[:40]) for n in cycle]
        problems.append(_("Row %(row)s, column precedes: precedes makes a loop: %(loop)s.", row=closing,
                          loop=" → ".join(names)))


def apply_links(framework, links: dict, row_competency: dict, report: dict) -> None:
    """Add the prerequisites and isRelatedTo associations the file names that are not there yet."""
    counts = {"created": 0, "updated": 0, "unchanged": 0, "not_in_file": 0}

    def competency(found) -> Competency:
        return row_competency[found] if isinstance(found, int) else found

    existing = {(edge.prerequisite_id, edge.competency_id) for edge in framework_prerequisites(framework)}
    for number, found in links.get("precedes", ()):
        before, after = row_competency[number], competency(found)
        if (before.id, after.id) in existing:
            counts["unchanged"] += 1
            continue
        db.session.add(Prerequisite(competency=after, prerequisite=before))
        existing.add((before.id, after.id))
        counts["created"] += 1
    kept = {a.identifier: a for a in db.session.scalars(
        select(CaseAssociation).where(CaseAssociation.framework_id == framework.id,
                                      CaseAssociation.association_type == "isRelatedTo"))}
    for number, found in links.get("is_related_to", ()):
        origin = _link(row_competency[number])
        destination = _outside_link(found) if isinstance(found, str) else _link(competency(found))
        identifier = name_uuid("isRelatedTo", origin["identifier"], destination["identifier"])
        if identifier in kept:
            counts["unchanged"] += 1
            continue
        data = {"identifier": identifier, "associationType": "isRelatedTo",
                "originNodeURI": origin, "destinationNodeURI": destination}
        kept[identifier] = CaseAssociation(framework=framework, identifier=identifier,
                                           association_type="isRelatedTo", data=data)
        db.session.add(kept[identifier])
        counts["created"] += 1
    if links:
        report["associations"] = counts
    db.session.flush()


def _link(competency: Competency) -> dict:
    return {"title": (competency.code or competency.statement)[:100], "identifier": competency.identifier,
            "uri": (competency.case_extra or {}).get("uri") or urn(competency.identifier)}


def _outside_link(reference: str) -> dict:
    identifier = as_uuid(reference)
    uri = reference if reference.startswith(("http://", "https://")) else urn(identifier)
    return {"title": reference[:100], "identifier": identifier, "uri": uri}


def export_references(framework, competencies, by_id, reference_of) -> dict[int, dict[str, str]]:
    """{competency id: {"precedes": "...", "is_related_to": "..."}} for the CSV export (two queries)."""
    found: dict[int, dict[str, list]] = {c.id: {"precedes": [], "is_related_to": []} for c in competencies}
    for edge in framework_prerequisites(framework):
        found[edge.prerequisite_id]["precedes"].append(reference_of(by_id[edge.competency_id]))
    by_identifier = {c.identifier: c for c in competencies}
    for association in db.session.scalars(select(CaseAssociation).where(
            CaseAssociation.framework_id == framework.id, CaseAssociation.association_type == "isRelatedTo")
            .order_by(CaseAssociation.id)):
        origin = by_identifier.get((association.data.get("originNodeURI") or {}).get("identifier"))
        destination = association.data.get("destinationNodeURI") or {}
        if origin is None:
            continue
        inside = by_identifier.get(destination.get("identifier"))
        found[origin.id]["is_related_to"].append(
            reference_of(inside) if inside else destination.get("title") or destination.get("uri") or "")
    return {cid: {column: ", ".join(values) for column, values in columns.items()} for cid, columns in found.items()}
