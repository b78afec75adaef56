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

__all__ = [
    "AuditChainHead",
    "AuditEvent",
    "AuthSession",
    "CareTeamMembership",
    "Clinic",
    "FailedSignIn",
    "Language",
    "Passkey",
    "PasskeyChallenge",
    "Patient",
    "RecoveryCode",
    "Role",
    "SignInToken",
    "User",
]
