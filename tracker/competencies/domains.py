"""A framework's domains: its top-level competencies, each with every competency under it (the
educator badges' nine domains and their key questions, or a subject's strands)."""
from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from .models import Competency, Framework
from .tree import build_tree, walk


@dataclass
class Domain:
    competency: Competency
    member_ids: set[int]  # the domain and every competency under it


def domains_of(framework: Framework) -> list[Domain]:
    """The framework's top-level competencies in order, each with its members (one statement)."""
    competencies = list(db.session.scalars(select(Competency).where(Competency.framework_id == framework.id)))
    return [Domain(root.item, {node.id for node in walk([root])}) for root in build_tree(competencies)]
