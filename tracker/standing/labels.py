"""What each state of a step is called: the one source for every page, map, CSV and API answer.

Staff read the progression's own words; students and families read plain words. Both name every
state of MAP_STATES (tracker/standing/engine.py), so a page never falls back to a word of its own.
"""
from flask_babel import gettext as _

from ..textmarks import N_

STAFF_STATE_LABELS = {
    "mastered": N_("Mastered"),
    "ready": N_("Waiting for a validator"),
    "in_progress": N_("In progress"),
    "open": N_("Open"),
    "locked": N_("Locked"),
    "placed_past": N_("Placed past"),
}
PLAIN_STATE_LABELS = {
    "mastered": N_("Mastered"),
    "ready": N_("Waiting for a validator"),
    "in_progress": N_("In progress"),
    "open": N_("Ready to start"),
    "locked": N_("Not open yet"),
    "placed_past": N_("Started after this step"),
}


def state_labels(*, plain: bool) -> dict[str, str]:
    """Every state's label in the current language, translated once (a map names a state on each
    of its nodes): plain words for students and families, the staff words otherwise."""
    return {state: _(label) for state, label in (PLAIN_STATE_LABELS if plain else STAFF_STATE_LABELS).items()}


def state_label(state: str, *, plain: bool = False) -> str:
    """One state's label in the current language (a Jinja global: `state_label('open')`)."""
    return _((PLAIN_STATE_LABELS if plain else STAFF_STATE_LABELS)[state])
