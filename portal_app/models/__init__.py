"""All tables, imported here so Alembic and tests see the whole schema."""

from portal_app.models.clinic import Clinic
from portal_app.models.identity import CareTeamMembership, Language, Patient, Role, User

__all__ = ["CareTeamMembership", "Clinic", "Language", "Patient", "Role", "User"]
