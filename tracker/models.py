"""Imports every area's models so the metadata (and Alembic) sees all tables."""
from .api.models import ApiToken, XapiMapping, XapiStatement  # noqa: F401
from .audit.models import AuditEvent  # noqa: F401
from .auth.models import LoginSession, User, UserRole  # noqa: F401
from .credentials.models import IssuedCredential, SigningKey  # noqa: F401
from .dashboards import summaries as _summaries  # noqa: F401  (its listeners keep EvidenceSummary current)
from .dashboards.models import EvidenceSummary  # noqa: F401
from .competencies.models import (  # noqa: F401
    CaseAssociation, Competency, Framework, ImportJob, ProficiencyScale, RubricDescriptor, ScaleLevel,
)
from .jobs.models import Job  # noqa: F401
from .evidence.models import Artifact, Evidence, EvidenceVersion  # noqa: F401
from .mastery.models import DecisionCitation, MasteryDecision, ValidationRequest  # noqa: F401
from .mastery.teacher_level_model import TeacherLevel  # noqa: F401
from .mastery.self_assessment_model import SelfAssessment  # noqa: F401
from .mastery.method_comparison_model import MethodComparisonResult  # noqa: F401
from .calendar.models import NonSchoolDay  # noqa: F401
from .calibration.models import (  # noqa: F401
    CalibrationItem, CalibrationParticipant, CalibrationScore, CalibrationSession,
)
from .progressions.models import Placement, Prerequisite, Progression, ProgressionStep  # noqa: F401
from .rosters.models import (  # noqa: F401
    EducatorCoach, Enrollment, EquityAttributes, GuardianLink, Learner, RosterImport, School, Section, TeachingAssignment,
    Term,
)
from .settings.models import Setting  # noqa: F401
from .standing.models import LearnerRollup, PlacementRollup  # noqa: F401
from .supports import watch as _watch  # noqa: F401  (its listeners queue the learners a change moves)
from .supports.models import FlagRefresh, Intervention, SupportFlag  # noqa: F401
from .invitations.models import AccountLink  # noqa: F401
from .mail.models import OutgoingMail  # noqa: F401
from .sso.models import ExternalIdentity, IdentityProvider  # noqa: F401
from .grading.models import Credit, CreditCompetency, GradeRule, GradeScheme, GradingPeriod  # noqa: F401
from .notifications.models import DigestSent, Notification, NotificationPreference  # noqa: F401
from .competencies.translation import ContentTranslation, watch_deletes  # noqa: E402

watch_deletes(Framework, Competency, RubricDescriptor, ProficiencyScale, ScaleLevel, Progression)
assert ContentTranslation  # kept for the metadata
