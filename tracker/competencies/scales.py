"""Proficiency scales: the two every install ships with, and creating and editing others."""
from flask_babel import gettext as _
from sqlalchemy import exists, select

from ..extensions import db
from ..form_helpers import FieldProblem
from .models import Framework, ProficiencyScale, ScaleLevel
from .translation import set_translations

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


def list_scales() -> list[ProficiencyScale]:
    """Every scale by name, levels loaded (two queries)."""
    return list(db.session.scalars(select(ProficiencyScale).order_by(ProficiencyScale.name)))


def scale_is_locked(scale: ProficiencyScale) -> bool:
    """A scale used by a published or retired framework keeps its levels: evidence was (or may
    have been) recorded on them."""
    return bool(db.session.scalar(select(exists().where(
        Framework.scale_id == scale.id, Framework.status != "draft"))))


def save_scale(scale: ProficiencyScale | None, *, name: str, description: str | None,
               mastery_threshold: int | None, levels: list[tuple[int, str, str | None]]) -> ProficiencyScale:
    """Create (scale=None) or change a scale. `levels` are (number, label, descriptor); numbers
    must differ, there must be at least two, and the mastery threshold must be one of them."""
    name = (name or "").strip()
    if not name:
        raise FieldProblem("name", _("Give the scale a name."))
    clash = db.session.scalar(select(ProficiencyScale).where(
        ProficiencyScale.name == name, ProficiencyScale.id != (scale.id if scale is not None else -1)))
    if clash is not None:
        raise FieldProblem("name", _("Another scale is already called “%(name)s”.", name=name))
    if scale is not None and scale_is_locked(scale):
        if sorted((n, (label or "").strip()) for n, label, _text in levels) != sorted(
                (level.number, level.label) for level in scale.levels):
            raise FieldProblem("levels", _("This scale is used by a published framework, so its level "
                                           "numbers and labels cannot change (descriptors can). Create a "
                                           "new scale instead."))
        if mastery_threshold != scale.mastery_threshold:
            raise FieldProblem("mastery_threshold", _("This scale is used by a published framework, so its "
                                                      "mastery threshold cannot change."))
    numbers = [number for number, _label, _text in levels]
    if len(levels) < 2:
        raise FieldProblem("levels", _("A scale needs at least two levels."))
    duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
    if duplicates:
        raise FieldProblem("levels", _("Each level needs its own number; %(numbers)s is used twice.",
                                       numbers=", ".join(map(str, duplicates))))
    if any(not (label or "").strip() for _number, label, _text in levels):
        raise FieldProblem("levels", _("Every level needs a label."))
    if mastery_threshold not in numbers:
        raise FieldProblem("mastery_threshold", _("The mastery threshold must be one of the level "
                                                  "numbers (%(numbers)s).",
                                                  numbers=", ".join(map(str, sorted(numbers)))))
    if scale is None:
        scale = ProficiencyScale(name=name, mastery_threshold=mastery_threshold)
        db.session.add(scale)
    scale.name = name
    scale.description = (description or "").strip() or None
    scale.mastery_threshold = mastery_threshold
    current = {level.number: level for level in scale.levels}
    keep = []
    for number, label, text in sorted(levels):
        level = current.get(number) or ScaleLevel(number=number)
        level.label = label.strip()
        level.descriptor = (text or "").strip() or None
        keep.append(level)
    scale.levels = keep
    db.session.flush()
    return scale


def save_level_translations(scale: ProficiencyScale, labels: dict[int, str | None], lang: str) -> None:
    """Keep each level's label in `lang` (level number -> text; blank removes it). Flushes."""
    for level in scale.levels:
        if level.number in labels:
            set_translations(level, lang, {"label": labels[level.number]})
