"""The two proficiency scales every install ships with."""
from sqlalchemy import select

from ..extensions import db
from .models import ProficiencyScale, ScaleLevel

STANDARD_SCALE = "Beginning to Advanced"
EDUCATOR_SCALE = "Educator badges (Explorer to Expert)"

DEFAULT_SCALES = {
    STANDARD_SCALE: (3, [
        (1, "Beginning", "Starting out: shows some understanding with a lot of help."),
        (2, "Developing", "Getting there: shows the key ideas with some help; some gaps remain."),
        (3, "Proficient", "Has it: shows the competency independently and accurately (mastery)."),
        (4, "Advanced", "Goes beyond: applies or extends the competency in new situations."),
    ]),
    EDUCATOR_SCALE: (3, [
        (1, "Explorer", "Learning about the practice; beginning to try it."),
        (2, "Novice", "Uses the practice with support; reflects on results."),
        (3, "Experienced", "Uses the practice consistently and well (mastery)."),
        (4, "Expert", "Leads others in the practice; adapts it to new contexts."),
    ]),
}


def ensure_default_scales() -> dict[str, ProficiencyScale]:
    """Create the default scales when missing; returns every default scale by name (flushes)."""
    existing = {s.name: s for s in db.session.scalars(
        select(ProficiencyScale).where(ProficiencyScale.name.in_(DEFAULT_SCALES)))}
    for name, (threshold, levels) in DEFAULT_SCALES.items():
        if name in existing:
            continue
        scale = ProficiencyScale(name=name, mastery_threshold=threshold)
        scale.levels = [ScaleLevel(number=n, label=label, descriptor=text) for n, label, text in levels]
        db.session.add(scale)
        existing[name] = scale
    db.session.flush()
    return existing
