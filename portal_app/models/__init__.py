"""All tables, imported here so Alembic and tests see the whole schema."""

from portal_app.models.audit import AuditChainHead, AuditEvent
from portal_app.models.auth import (
    AuthSession,
    FailedSignIn,
    Passkey,
    PasskeyChallenge,
    RecoveryCode,
    SignInToken,
)
from portal_app.models.clinic import Clinic
from portal_app.models.identity import CareTeamMembership, Language, Patient, Role, User
from portal_app.models.journal import (
    CheckIn,
    QuestionnaireAssignment,
    QuestionnaireResponse,
    RiskAlert,
)

__all__ = [
    "AuditChainHead",
    "AuditEvent",
    "AuthSession",
    "CareTeamMembership",
    "CheckIn",
    "Clinic",
    "FailedSignIn",
    "Language",
    "Passkey",
    "PasskeyChallenge",
    "Patient",
    "QuestionnaireAssignment",
    "QuestionnaireResponse",
    "RecoveryCode",
    "RiskAlert",
    "Role",
    "SignInToken",
    "User",
]
