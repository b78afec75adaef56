"""All tables, imported here so Alembic and tests see the whole schema."""

from portal_app.models.appointments import (
    Appointment,
    AvailabilityException,
    AvailabilityRule,
    VisitKind,
    VisitStatus,
)
from portal_app.models.audit import AuditChainHead, AuditEvent
from portal_app.models.auth import (
    AuthSession,
    ClinicSso,
    FailedSignIn,
    Passkey,
    PasskeyChallenge,
    RecoveryCode,
    SignInToken,
    SsoAttempt,
)
from portal_app.models.care_plan import CarePlanNote, CarePlanVersion
from portal_app.models.clinic import Clinic, ClinicImage, VisitRequest
from portal_app.models.files import StoredFile
from portal_app.models.groups import (
    GroupMember,
    GroupPost,
    GroupReport,
    GroupSafetyAlert,
    SupportGroup,
)
from portal_app.models.identity import CareTeamMembership, Language, Patient, Role, User
from portal_app.models.intake import IntakeForm, IntakeResponse
from portal_app.models.journal import (
    AlertNotice,
    CheckIn,
    QuestionnaireAssignment,
    QuestionnaireResponse,
    RiskAlert,
    ThoughtRecord,
)
from portal_app.models.medicines import DoseLog, Medicine, RefillRequest, RefillStatus
from portal_app.models.messages import (
    CareTeamNote,
    Message,
    MessageAttachment,
    MessageDraft,
    MessageThread,
    SavedReply,
    ThreadNote,
)
from portal_app.models.proxy import GrantKind, GrantStatus, Part2Consent, ProxyGrant
from portal_app.models.reading import CareTopic, ReadingSuggestion
from portal_app.models.records import Allergy, DocumentDraft, PsychotherapyNote, SharedDocument
from portal_app.models.reminders import PushAttempt, PushSubscription, Reminder, ReminderSettings
from portal_app.models.retention import ClinicRetention, RetentionRun
from portal_app.models.safety_plan import SafetyPlanVersion

__all__ = [
    "AlertNotice",
    "Allergy",
    "Appointment",
    "AuditChainHead",
    "AuditEvent",
    "AuthSession",
    "AvailabilityException",
    "AvailabilityRule",
    "CarePlanNote",
    "CarePlanVersion",
    "CareTeamMembership",
    "CareTeamNote",
    "CareTopic",
    "CheckIn",
    "Clinic",
    "ClinicImage",
    "ClinicRetention",
    "ClinicSso",
    "DocumentDraft",
    "DoseLog",
    "FailedSignIn",
    "GrantKind",
    "GrantStatus",
    "GroupMember",
    "GroupPost",
    "GroupReport",
    "GroupSafetyAlert",
    "IntakeForm",
    "IntakeResponse",
    "Language",
    "Medicine",
    "Message",
    "MessageAttachment",
    "MessageDraft",
    "MessageThread",
    "Part2Consent",
    "Passkey",
    "PasskeyChallenge",
    "Patient",
    "ProxyGrant",
    "PsychotherapyNote",
    "PushAttempt",
    "PushSubscription",
    "QuestionnaireAssignment",
    "QuestionnaireResponse",
    "ReadingSuggestion",
    "RecoveryCode",
    "RefillRequest",
    "RefillStatus",
    "Reminder",
    "ReminderSettings",
    "RetentionRun",
    "RiskAlert",
    "Role",
    "SafetyPlanVersion",
    "SavedReply",
    "SharedDocument",
    "SignInToken",
    "SsoAttempt",
    "StoredFile",
    "SupportGroup",
    "ThoughtRecord",
    "ThreadNote",
    "User",
    "VisitKind",
    "VisitRequest",
    "VisitStatus",
]
