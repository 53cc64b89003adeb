"""Words the dashboards share."""
from flask_babel import gettext as _

from ..standing.days import PACE_STATE_LABELS


def pace_label(state: str) -> str:
    """A pace state (standing.days.PACE_STATES: Standing.pace_state) in words."""
    return _(PACE_STATE_LABELS[state])
