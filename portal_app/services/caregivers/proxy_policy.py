"""What a caregiver may see and do: the permission codes, the presets, and the clinic's age
rules for guardians of children. Pure functions, so the whole matrix can be tested."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from portal_app.models import GrantKind, GrantStatus


class Permission(StrEnum):
    """What the patient can let a caregiver see and do, category by category. The plan for
    the worst moments is very personal: it is shared only when the patient says so, apart
    from the rest of the record."""

    APPOINTMENTS_SEE = "appointments.see"
    APPOINTMENTS_BOOK = "appointments.book"
    APPOINTMENTS_CANCEL = "appointments.cancel"
    MEDICINES_SEE = "medicines.see"
    MEDICINES_LOG_DOSES = "medicines.log_doses"
    MEDICINES_REQUEST_REFILLS = "medicines.request_refills"
    MESSAGES_SEE = "messages.see"
    MESSAGES_SEND = "messages.send"
    CHECK_INS_SEE = "check_ins.see"
    RECORDS_SEE = "records.see"
    SAFETY_PLAN_SEE = "safety_plan.see"
    EDUCATION_SEE = "education.see"


ALL = tuple(Permission)
PRESETS: dict[str, tuple[str, ...]] = {
    "appointments_only": (
        Permission.APPOINTMENTS_SEE,
        Permission.APPOINTMENTS_BOOK,
        Permission.APPOINTMENTS_CANCEL,
    ),
    "medicines_only": (
        Permission.MEDICINES_SEE,
        Permission.MEDICINES_LOG_DOSES,
        Permission.MEDICINES_REQUEST_REFILLS,
    ),
    "full": ALL,
}
# A teen's confidential areas: hidden from a guardian unless the teen agrees.
TEEN_CONFIDENTIAL = (Permission.CHECK_INS_SEE, Permission.MESSAGES_SEE, Permission.MESSAGES_SEND)
# What each gate category (access.Category's values) needs to be read.
SEE = {
    "check_ins": Permission.CHECK_INS_SEE,
    "questionnaires": Permission.CHECK_INS_SEE,
    "messages": Permission.MESSAGES_SEE,
    "appointments": Permission.APPOINTMENTS_SEE,
    "medicines": Permission.MEDICINES_SEE,
    "records": Permission.RECORDS_SEE,
    "safety_plan": Permission.SAFETY_PLAN_SEE,
    "education": Permission.EDUCATION_SEE,
}


@dataclass(frozen=True)
class AgeRules:
    teen_from: int = 12
    adult_at: int = 18


@dataclass(frozen=True)
class GrantFacts:
    """The parts of a grant (and its patient) the rules look at."""

    kind: str  # "patient" or "guardian"
    status: str
    permissions: frozenset[str]
    ends_on: date | None
    teen_agreed: bool
    born: date


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def clean(codes: list[str] | tuple[str, ...]) -> list[str]:
    """Known codes only, in catalog order; any "do" brings its category's "see" with it."""
    wanted = {c for c in codes if c in ALL}
    wanted |= {f"{c.split('.')[0]}.see" for c in wanted}
    return [c for c in ALL if c in wanted]


def stage(born: date, today: date, rules: AgeRules) -> str:
    age = age_on(born, today)
    if age >= rules.adult_at:
        return "adult"
    return "teen" if age >= rules.teen_from else "child"


def effective(facts: GrantFacts, today: date, rules: AgeRules) -> frozenset[str]:
    """What the grant allows today: nothing unless active and not past its end date; for a
    guardian, less once the child is a teen (unless they agreed) and nothing at adulthood."""
    if facts.status != GrantStatus.ACTIVE or (facts.ends_on is not None and today > facts.ends_on):
        return frozenset()
    if facts.kind != GrantKind.GUARDIAN:
        return facts.permissions
    now = stage(facts.born, today, rules)
    if now == "adult":
        return frozenset()
    if now == "teen" and not facts.teen_agreed:
        return facts.permissions - frozenset(TEEN_CONFIDENTIAL)
    return facts.permissions


def needed(category: str, reading: bool, need: str | None) -> str | None:
    """The permission a caregiver needs for this access (a gate category value, reading or
    changing); "profile" for the patient's name; None: caregivers never get it."""
    if reading:
        return "profile" if category == "profile" else SEE.get(category)
    area = "check_ins" if category == "questionnaires" else category
    return need if need in ALL and need.split(".")[0] == area and need != f"{area}.see" else None


def allows(granted: frozenset[str], required: str | None) -> bool:
    if required is None:
        return False
    return bool(granted) if required == "profile" else required in granted
