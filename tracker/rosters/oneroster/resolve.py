"""The wanted roster for a set of files: the Resolver (map.py) reads schools, terms and sections,
people.py the people, their enrollments, family links and demographics."""
from datetime import date

from .files import RosterFiles
from .map import Desired, Resolver, Snapshot
from .people import resolve_people
from .problems import Problem


def resolve(files: RosterFiles, snapshot: Snapshot, *, today: date,
            confirmed=()) -> tuple[Desired, list[Problem]]:
    """The wanted roster for these files over this snapshot, and the problems found on the way.

    `confirmed`: keys of account collisions an administrator confirmed (people.py).
    """
    resolver = Resolver(files, snapshot, today=today, confirmed=confirmed)
    resolver.read_orgs()
    resolver.read_sessions()
    resolver.read_courses()
    resolver.read_classes()
    resolve_people(resolver)
    resolver.finish_schools()
    resolver.finish_terms()
    return resolver.desired, resolver.problems
