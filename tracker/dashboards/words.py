"""Words the dashboards share."""
from flask_babel import gettext as _

from ..supports.pace import STATUS_LABELS


def pace_label(pace) -> str:
    """A learner's pace in words: not placed, just started, or its status."""
    if pace is None:
        return _("Not placed")
    if pace.in_grace_period:
        return _("Just started")
    return _(STATUS_LABELS[pace.status])
