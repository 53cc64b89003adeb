"""Imports every area's models so the metadata (and Alembic) sees all tables."""
from .audit.models import AuditEvent  # noqa: F401
from .auth.models import User, UserRole  # noqa: F401
from .competencies.models import Competency, Framework, ProficiencyScale, RubricDescriptor, ScaleLevel  # noqa: F401
from .evidence.models import Artifact, Evidence, EvidenceVersion  # noqa: F401
from .mastery.models import DecisionCitation, MasteryDecision, ValidationRequest  # noqa: F401
from .progressions.models import Placement, Prerequisite, Progression, ProgressionStep  # noqa: F401
from .rosters.models import (  # noqa: F401
    Enrollment, EquityAttributes, GuardianLink, Learner, School, Section, TeachingAssignment, Term,
)
from .settings.models import Setting  # noqa: F401
from .supports.models import Intervention, SupportFlag  # noqa: F401
