"""Reading and writing settings, with defaults for everything not yet set."""
from ..extensions import db
from .models import Setting

DEFAULTS: dict[str, object] = {
    # Separation of duties: a validator may not decide on evidence it logged itself.
    "allow_self_validation": False,
    # Support flags.
    "stalled_school_days": 10,
    "repeated_not_yet_attempts": 3,
    # Days the school is closed (ISO dates, "2026-11-26"): they do not count toward "stalled".
    # Weekdays outside every term of the learner's school do not count either.
    "school_holidays": [],
    # Pace status thresholds, as the ratio of actual to expected steps.
    "pace_ahead_ratio": 1.15,
    "pace_behind_ratio": 0.85,
    "pace_far_behind_ratio": 0.6,
    # Validators are told of a request waiting longer than this many days.
    "validation_target_days": 5,
}


def get(key: str):
    """The value of a setting, or its default."""
    row = db.session.get(Setting, key)
    return row.value if row is not None else DEFAULTS[key]


def get_all() -> dict[str, object]:
    values = dict(DEFAULTS)
    for row in db.session.scalars(db.select(Setting)):
        values[row.key] = row.value
    return values


def set_value(key: str, value) -> None:
    if key not in DEFAULTS:
        raise KeyError(key)
    row = db.session.get(Setting, key)
    if row is None:
        db.session.add(Setting(key=key, value=value))
    else:
        row.value = value


def save_settings(values: dict, actor) -> dict:
    """Store the values that differ from the current ones and audit them (flushes); returns what changed.

    A change to a setting the flags read queues every learner for a flag refresh (tracker.supports.watch),
    so flags follow the new thresholds the next time anyone looks."""
    from ..audit import service as audit

    current = get_all()
    changed = {key: value for key, value in values.items() if current.get(key) != value}
    for key, value in changed.items():
        set_value(key, value)
    if changed:
        audit.record(actor, "settings.change", object_type="setting", **changed)
    return changed
