"""The shape of a demo framework: items (domains, standards, learning targets) and their builders."""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Item:
    code: str
    statement: str
    i_can: str
    children: tuple["Item", ...] = ()
    kind: str = "knowledge"
    depth: str | None = None
    item_type: str | None = None
    rollup: str = "none"
    points_needed: int | None = None
    points: int = 1
    rubric: tuple[str, ...] = ()  # one descriptor per scale level, 1 to 4
    cross_cutting: bool = False


@dataclass(frozen=True)
class FrameworkSpec:
    slug: str
    title: str
    subject: str
    source: str
    description: str
    domains: tuple[Item, ...]
    version: str = "2026"
    extra: dict = field(default_factory=dict)


def domain(code, statement, i_can, *children, rollup="none", kind="knowledge"):
    return Item(code, statement, i_can, children=children, item_type="Domain", rollup=rollup, kind=kind)


def standard(code, statement, i_can, *targets, depth="skill_concept", rollup=None, points_needed=None,
             rubric=(), kind="knowledge"):
    return Item(code, statement, i_can, children=targets, depth=depth, item_type="Standard",
                rollup=rollup or ("all" if targets else "none"), points_needed=points_needed,
                rubric=rubric, kind=kind)


def target(code, statement, i_can, points=1, depth="skill_concept", kind="knowledge"):
    return Item(code, statement, i_can, depth=depth, item_type="Learning target", points=points, kind=kind)
