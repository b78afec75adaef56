"""The demo clinic's website: its address on this machine (docs/website-example/, served by
`make website-example`) and two visit requests that came from it, so the admin's list and
the embedded pieces show something on the first day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session

from portal_app.models import Clinic, VisitRequest
from portal_app.services.clinic.visit_requests import client_key

DEMO_WEBSITE = "http://127.0.0.2:8000"


def add_demo_website(session: Session, clinic: Clinic, today: date) -> None:
    clinic.embed_origins = DEMO_WEBSITE
    session.add(clinic)
    asked = [
        ("Jordan", "555-010-0142", "", "call", "morning", "me", "new", 1),
        ("Luz", "", "luz.demo@example.org", "email", "any", "child", "called", 3),
    ]
    for name, phone, email, by, best, whom, status, days_ago in asked:
        moment = datetime.combine(today - timedelta(days=days_ago), time(16), tzinfo=UTC)
        session.add(
            VisitRequest(
                clinic_id=clinic.id,
                name=name,
                phone=phone,
                email=email,
                contact_by=by,
                best_time=best,
                for_whom=whom,
                language="es" if name == "Luz" else "en",
                client_key=client_key(clinic.id, f"demo-{name}"),
                status=status,
                handled_at=moment + timedelta(hours=2) if status == "called" else None,
                created_at=moment,
            )
        )
