"""The associations of a CASE package: isChildOf places items in the hierarchy (ordered by
sequenceNumber), precedes between two items becomes a prerequisite, and every other association
is kept as it came. No database."""
from collections import Counter

from flask_babel import gettext as _

from .case_reader import CaseProblem, as_uuid
from ..tree import find_cycle, find_parent_loop, sibling_positions

ASSOCIATION_TYPES = ("isChildOf", "isPeerOf", "isPartOf", "exactMatchOf", "precedes", "isRelatedTo",
                     "replacedBy", "exemplar", "hasSkillLevel", "isTranslationOf")


def check_associations(checker, raw, document_identifier, items):
    """Place items under their parents, collect precedes edges, keep the rest. Returns (precedes, kept)."""
    precedes, kept, seen, pairs = [], [], {}, set()
    sequences: dict[str, int | None] = {}
    for index, value in enumerate(raw):
        path = f"$.CFAssociations[{index}]"
        association = checker.obj(value, path)
        identifier = checker.identifier(association.get("identifier"), f"{path}.identifier")
        if identifier in seen:
            first = f"$.CFAssociations[{seen[identifier]}]"
            if association == raw[seen[identifier]]:  # a publisher's export repeated it, byte for byte
                checker.warn(_("%(path)s is the same as %(first)s (identifier %(id)s); the second was skipped.",
                               path=path, first=first, id=association.get("identifier")))
                continue
            raise CaseProblem(f"{path}.identifier", _(
                "the identifier %(id)s is given twice with different content (also at %(other)s); "
                "say which one is right", id=association.get("identifier"), other=first))
        seen[identifier] = index
        kind = checker.text(association.get("associationType"), f"{path}.associationType", required=True)
        origin_raw = checker.node(association.get("originNodeURI"), f"{path}.originNodeURI")
        destination_raw = checker.node(association.get("destinationNodeURI"), f"{path}.destinationNodeURI")
        sequence = checker.sequence(association.get("sequenceNumber"), f"{path}.sequenceNumber")
        origin, destination = as_uuid(origin_raw), as_uuid(destination_raw)
        if kind not in ASSOCIATION_TYPES:
            checker.warn(_("%(path)s: association type %(type)s is not a CASE type; kept as it is.",
                           path=path, type=kind))
        if kind == "isChildOf" and origin in items and (destination in items or destination == document_identifier):
            child = items[origin]
            if child.placed:
                checker.warn(_("%(path)s: %(item)s already has a parent; this second isChildOf is kept "
                               "but the tracker shows the item in one place only.", path=path, item=origin_raw))
            else:
                child.parent = destination if destination in items else None
                child.association_identifier = identifier
                child.placed = True
                sequences[origin] = sequence
                continue
        elif kind == "isChildOf":
            checker.warn(_("%(path)s: isChildOf between nodes outside this package; kept as it is.", path=path))
        elif kind == "precedes" and origin in items and destination in items:
            if origin == destination:
                raise CaseProblem(path, _("%(item)s cannot precede itself", item=origin_raw))
            if (origin, destination) not in pairs:
                pairs.add((origin, destination))
                precedes.append((identifier, origin, destination))
                continue
            checker.warn(_("%(path)s: the same precedes is given twice; the second is kept as it is.", path=path))
        elif kind == "precedes":
            checker.warn(_("%(path)s: precedes leaves this package; kept as it is, not as a prerequisite.",
                           path=path))
        kept_data = {key: value for key, value in association.items() if key != "CFDocumentURI"}
        kept_data["identifier"] = identifier
        if sequence is not None:
            kept_data["sequenceNumber"] = sequence
        kept.append(kept_data)
    unused = Counter(data.get("associationType") for data in kept)
    if unused:
        checker.warn(_("Kept for export but not used by the tracker: %(list)s.", list=", ".join(
            f"{count} {kind}" for kind, count in sorted(unused.items(), key=lambda pair: str(pair[0])))))
    _check_hierarchy(items, seen)
    _set_positions(items, sequences)
    _check_precedes_cycle(precedes, seen, items)
    return precedes, kept


def _check_hierarchy(items, seen) -> None:
    loop = find_parent_loop({item.identifier: item.parent for item in items.values()})
    if loop:
        names = [items[node].values.get("code") or node for node in loop]
        raise CaseProblem(f"$.CFAssociations[{seen[items[loop[0]].association_identifier]}]",
                          _("isChildOf makes a loop: %(loop)s", loop=" → ".join(names)))


def _set_positions(items, sequences) -> None:
    """Sibling order: sequenceNumber where given; the rest after them, in the package's order."""
    ordered = sorted(items.values(), key=lambda item: item.index)
    positions = sibling_positions([item.identifier for item in ordered],
                                  {item.identifier: item.parent for item in ordered}, sequences)
    for item in ordered:
        item.position = positions[item.identifier]


def _check_precedes_cycle(precedes, seen, items) -> None:
    cycle = find_cycle([(before, after) for _id, before, after in precedes])
    if cycle:
        names = [items[node].values.get("code") or node for node in cycle]
        closing = next(identifier for identifier, before, after in precedes
                       if before == cycle[-2] and after == cycle[-1])
        raise CaseProblem(f"$.CFAssociations[{seen[closing]}]",
                          _("precedes makes a loop, so no item in it could ever be started: %(loop)s",
                            loop=" → ".join(names)))
