"""Plans kept as versions (treatment plan, safety plan): nothing is overwritten, every save is
the next number, and each version says who wrote it."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from sqlmodel import Session, col, func, select

from portal_app.models import CarePlanVersion, SafetyPlanVersion, User

Versioned = TypeVar("Versioned", CarePlanVersion, SafetyPlanVersion)


def versions_of(
    db: Session, table: type[Versioned], patient_id: uuid.UUID
) -> list[tuple[Versioned, str]]:
    """Every version with its writer's name, newest first (the caller has been through the gate)."""
    number: Any = table.version
    return list(
        db.exec(
            select(table, User.display_name)
            .join(User, col(User.id) == table.written_by)
            .where(table.patient_id == patient_id)
            .order_by(col(number).desc())
        ).all()
    )


def next_version(db: Session, table: type[Versioned], patient_id: uuid.UUID) -> int:
    latest = db.exec(select(func.max(table.version)).where(table.patient_id == patient_id)).one()
    return int(latest or 0) + 1
