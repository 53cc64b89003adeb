"""Credits and grades in words a learner, a family and a teacher read (and the SIS export's comments):
progress towards a credit, a grade rule, why a rule was met or not."""
from flask_babel import format_date
from flask_babel import gettext as _

from . import rules
from .models import Credit, GradeScheme


def _names(names: list[str], limit: int = 6) -> str:
    shown = ", ".join(names[:limit])
    return shown + (_(" and %(count)s more", count=len(names) - limit) if len(names) > limit else "")


def progress_words(credit: Credit, progress: rules.CreditProgress) -> str:
    """"11 of 14 mastered; needs G.3 and G.4", or "Earned on 12 October 2026"."""
    if progress.earned:
        if progress.earned_on is None:
            return _("Earned")
        return _("Earned on %(day)s", day=format_date(progress.earned_on, "long"))
    if credit.rule == "points":
        return _("%(points)s of %(needed)s points; %(more)s more to earn from: %(names)s",
                 points=progress.points, needed=progress.points_needed, more=progress.needed,
                 names=_names(progress.still_open))
    words = _("%(done)s of %(total)s mastered", done=progress.mastered, total=progress.total)
    if credit.rule == "all":
        return words + "; " + _("needs %(names)s", names=_names(progress.still_open))
    parts = [words]
    if progress.needed:
        parts.append(_("needs %(count)s more of: %(names)s", count=progress.needed,
                       names=_names(progress.still_open)))
    if progress.below_floor:
        parts.append(_("none may be below %(floor)s: %(names)s", floor=credit.floor_level,
                       names=_names(progress.below_floor)))
    return "; ".join(parts)


def rule_words(rule: rules.GradeRule) -> str:
    """"A: 90 % at 3 or above, none below 3"."""
    words = _("%(grade)s: %(share)s %% at %(level)s or above", grade=rule.grade, share=rule.share_percent,
              level=rule.at_level)
    if rule.floor_level is not None:
        words += ", " + _("none below %(floor)s", floor=rule.floor_level)
    return words


def check_words(check: rules.RuleCheck) -> str:
    """Why one rule was met or not: "8 of 10 at 3 or above (needs 9); below 2: G.10"."""
    words = _("%(count)s of %(total)s at %(level)s or above (needs %(wanted)s)", count=check.at_level,
              total=check.total, level=check.rule.at_level, wanted=check.wanted)
    if check.below_floor:
        words += "; " + _("below %(floor)s: %(names)s", floor=check.rule.floor_level,
                          names=_names(check.below_floor))
    return words


def evidence_words(result: rules.GradeResult, scheme: GradeScheme) -> str:
    return _("Not enough evidence yet: %(assessed)s of %(total)s competencies have a level; a grade needs "
             "%(percent)s %%.", assessed=result.assessed, total=result.total,
             percent=scheme.min_assessed_percent)
