"""`portal clinic ...`: the operator's commands for the clinics on this install."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from sqlmodel import Session, select

from portal_app.content.catalog import text
from portal_app.db import session_scope
from portal_app.models import Clinic
from portal_app.services.clinic.clinics import set_age_rules
from portal_app.services.clinic.registry import (
    clinic_at,
    create_clinic,
    invite_first_admin,
    list_clinics,
)
from portal_app.services.clinic.tenancy import clinic_origin
from portal_app.services.common import mail
from portal_app.services.operations.retention import RULES, RetentionProblem, days_for, set_days
from portal_app.settings import get_settings


def cmd_clinic_age_rules(args: argparse.Namespace) -> int:
    """Set the clinic's ages for guardians: teens' confidential areas, and adulthood."""
    with session_scope() as db:
        problem = set_age_rules(db, args.clinic, int(args.teen_from), int(args.adult))
    if problem:
        print(f"portal clinic age-rules: {problem}", file=sys.stderr)
        return 2
    print(f"{args.clinic}: teens from {args.teen_from}, adults from {args.adult}")
    return 0


def cmd_clinic_create(args: argparse.Namespace) -> int:
    """A new clinic, served at its own hostname (point that name at this install first)."""
    with session_scope() as db:
        made = create_clinic(db, args.name, args.hostname, now=datetime.now(UTC))
        if isinstance(made, str):
            print(f"portal clinic create: {made}", file=sys.stderr)
            return 2
        origin = clinic_origin(get_settings().public_origin, made.hostname)
    print(f"Created {made.name} ({made.slug}) at {origin}")
    print(f"Next: portal clinic invite-admin {made.hostname} EMAIL 'FULL NAME'")
    return 0


def cmd_clinic_invite_admin(args: argparse.Namespace) -> int:
    """Email the clinic's first admin an invitation (its link opens at the clinic's hostname)."""
    settings = get_settings()
    with session_scope() as db:
        clinic = clinic_at(db, args.hostname)
        problem = (
            invite_first_admin(
                db,
                clinic.id,
                args.email,
                args.full_name,
                now=datetime.now(UTC),
                public_origin=settings.public_origin,
                deliver=mail.deliverer(
                    smtp_url=settings.smtp_url, outbox=settings.data_dir / "outbox"
                ),
            )
            if clinic
            else "no clinic at that hostname"
        )
    if problem:
        print(
            f"portal clinic invite-admin: {text(problem, 'en') if '.' in problem else problem}",
            file=sys.stderr,
        )
        return 2
    print(f"Invitation sent to {args.email}.")
    return 0


def cmd_clinic_list(_args: argparse.Namespace) -> int:
    with session_scope() as db:
        rows = list_clinics(db)
    origin = get_settings().public_origin
    for row in rows:
        where = (
            clinic_origin(origin, row.hostname)
            if row.hostname
            else f"{origin} (and any other name)"
        )
        print(f"{row.slug:<24} {row.name:<36} {where}  {row.people} people")
    return 0


def _clinic_by_slug(db: Session, slug: str, command: str) -> Clinic | None:
    """The clinic, or None after saying so on standard error."""
    clinic = db.exec(select(Clinic).where(Clinic.slug == slug)).first()
    if clinic is None:
        print(f"portal clinic {command}: no clinic {slug!r}", file=sys.stderr)
    return clinic


def cmd_clinic_retention(args: argparse.Namespace) -> int:
    """How long the clinic keeps each kind of short-lived record (services/.../retention.py)."""
    with session_scope() as db:
        clinic = _clinic_by_slug(db, args.clinic, "retention")
        if clinic is None:
            return 2
        days = days_for(db, clinic.id)
    for rule in RULES:
        scope = "" if rule.per_clinic else "  (whole install)"
        shown = days[rule.name] if rule.per_clinic else rule.default_days
        bounds = f"{rule.least_days}-{rule.most_days}"
        print(f"{rule.name:<24} {shown:>4} days  (default {rule.default_days}, {bounds}){scope}")
    return 0


def cmd_clinic_keep(args: argparse.Namespace) -> int:
    """Set one retention rule's days for the clinic; audited."""
    with session_scope() as db:
        clinic = _clinic_by_slug(db, args.clinic, "keep")
        if clinic is None:
            return 2
        try:
            set_days(db, clinic.id, args.rule, int(args.days), now=datetime.now(UTC))
        except (RetentionProblem, ValueError) as problem:
            print(f"portal clinic keep: {problem}", file=sys.stderr)
            return 2
    print(f"{args.clinic}: {args.rule} kept {args.days} days")
    return 0
