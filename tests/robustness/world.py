"""The access world (tests/access_world.py) with every object built, for walking every route."""
import re

from ..access_world import EXPECTED, PARAMS, build_world

# Who signs in to use a route, in order of preference among the roles its rule lets through.
PREFERENCE = ("admin", "teacher", "validator", "student", "guardian")


def rich_world(make):
    world = build_world(make)
    for builder in PARAMS.values():
        builder(world)  # each builder makes its objects once and caches them on the world
    return world


def user_for(world, rule_name: str):
    allowed = EXPECTED[rule_name][0]
    role = next((r for r in PREFERENCE if r in allowed), None)
    return world.users[role] if role else None


def url_for_rule(rule, world) -> str:
    path = rule.rule
    for arg in rule.arguments:
        value = PARAMS[arg](world)[0]
        path = re.sub(r"<(?:[^:<>]+:)?%s>" % arg, str(value), path)
    return path
