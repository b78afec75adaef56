"""Caregiver access through raw websocket events (what any connected program could send):
grant states (none, invited, expired, revoked, narrow, full), a teen's guardian, and Part 2.
Each caregiver calls the page handlers directly; nothing beyond the grant may reach them or
be written, and the full grant (the control) does see and do its part."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import col, select

from portal_app.db import session_scope
from portal_app.models import (
    Appointment,
    AuthSession,
    DoseLog,
    Medicine,
    Message,
    MessageThread,
    ProxyGrant,
    RefillRequest,
    Role,
)
from portal_app.services.access import Actor
from portal_app.services.care_team.messaging import start_thread
from portal_app.services.caregivers.proxy_policy import ALL
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.identity.sessions import start_session
from portal_app.services.identity.tokens import hash_token
from portal_app.services.medication.medicines import add_medicine
from portal_app.services.plans.safety_plan import save_plan
from portal_app.services.records.shared_documents import share_summary
from tests.e2e.raw_socket import MEDICINES, MESSAGES, VIEWER, RawClient
from tests.factories import make_care_team_patient, make_clinician
from tests.unit.test_medicines import sertraline

STATE = "reflex___state____state.portal_app___state___"
APPOINTMENTS = STATE + "appointments____appointments_state"
RECORDS = STATE + "records____records_state"
SAFETY_PLAN = STATE + "safety_plan____safety_plan_state"
RIVERA = Actor(
    demo_id("user", "dr.rivera@example.org"), Role.CLINICIAN, demo_id("clinic", "steady-demo")
)


@pytest.fixture(params=["desktop"])
def device(request) -> str:  # no browser here
    return str(request.param)


def a_patient(years: int) -> dict:
    """A patient with a medicine, a conversation, a visit, a note and a Part 2 note, each
    carrying a word only this test uses."""
    tag = uuid.uuid4().hex[:8]
    now = datetime.now(UTC)
    with session_scope() as db:
        me, patient = make_care_team_patient(
            db, f"ws.{tag}@example.org", f"Wes {tag}", RIVERA.user_id
        )
        patient.date_of_birth = date(now.year - years, 1, 1)
        db.add(patient)
        # "When needed": a dose at no set time is logged only for such a medicine.
        as_needed = sertraline(name=f"Med{tag}", times=(), as_needed=True)
        assert add_medicine(db, RIVERA, patient.id, as_needed, now=now) == ""
        medicine = db.exec(select(Medicine).where(Medicine.patient_id == patient.id)).one()
        thread = start_thread(db, me, None, f"Talk{tag}", f"Words{tag}", now=now)
        starts = now.replace(second=0, microsecond=0) + timedelta(
            days=60, minutes=random.randint(0, 50_000)
        )
        # A clinician of this world only: visits of one clinician may not overlap (found: two
        # worlds drew overlapping random times for Dr. Rivera, and the database said no).
        own = make_clinician(db, f"dr.{tag.lower()}@example.org", f"Dr. {tag}")
        visit = Appointment(
            patient_id=patient.id,
            clinician_id=own.user_id,
            clinic_id=patient.clinic_id,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=50),
            location=f"Room{tag}",
            created_by=me.user_id,
        )
        db.add(visit)
        assert save_plan(db, me, None, {"coping": f"Plan{tag}"}, now=now) == ""
        for part2 in (False, True):
            share_summary(
                db,
                RIVERA,
                patient.id,
                f"{'Secret' if part2 else 'Note'}{tag}",
                "text",
                visit_on=None,
                now=now,
                part2=part2,
            )
        db.flush()
        return {
            "tag": tag,
            "patient": patient.id,
            "medicine": medicine.id,
            "thread": thread.id,
            "visit": visit.id,
        }


def caregiver_for(
    world: dict, *, kind: str, status: str, codes: tuple[str, ...], ends: int | None
) -> str:
    """A new caregiver with one grant for the patient, helping them on a new session."""
    with session_scope() as db:
        user = make_clinician(
            db, f"wscg.{uuid.uuid4().hex[:6]}@example.org", "Wanda Watch", role=Role.CAREGIVER
        )
        db.add(
            ProxyGrant(
                patient_id=world["patient"],
                caregiver_id=user.user_id,
                kind=kind,
                permissions=list(codes),
                status=status,
                ends_on=None if ends is None else datetime.now(UTC).date() + timedelta(days=ends),
                created_by=user.user_id,
            )
        )
        token = start_session(db, user.user_id, now=datetime.now(UTC))
        row = db.exec(select(AuthSession).where(AuthSession.token_hash == hash_token(token))).one()
        row.helping_patient_id = world["patient"]
        db.add(row)
        return token


def everything_a_caregiver_can_try(raw: RawClient, world: dict) -> str:
    """Every page handler a caregiver has, with this patient's ids; all that came back."""
    raw.send(f"{VIEWER}.load_viewer")
    for load in (
        f"{MESSAGES}.load_messages",
        f"{MEDICINES}.load_medicines",
        f"{APPOINTMENTS}.load_appointments",
        f"{RECORDS}.load_records",
        f"{SAFETY_PLAN}.load_plan",
    ):
        raw.send(load)
    raw.send(f"{MESSAGES}.open", thread_id=str(world["thread"]))
    raw.send(f"{MESSAGES}.send", form_data={"body": f"Injected{world['tag']}"})
    raw.send(f"{MEDICINES}.took_as_needed", medicine_id=str(world["medicine"]))
    raw.send(f"{MEDICINES}.confirm_refill", medicine_id=str(world["medicine"]))
    raw.send(
        f"{APPOINTMENTS}.confirm_cancel",
        form_data={"visit_id": str(world["visit"]), "reason": "injected"},
    )
    raw.call(f"{VIEWER}.load_viewer")  # answered after all of the above were handled
    raw.close()
    return str(raw.everything)


def writes(world: dict) -> dict[str, bool]:
    with session_scope() as db:
        return {
            "messages.send": db.exec(
                select(Message.id)
                .join(MessageThread, col(MessageThread.id) == Message.thread_id)
                .where(
                    MessageThread.patient_id == world["patient"],
                    Message.body.startswith("Injected"),
                )
            ).first()
            is not None,
            "medicines.log_doses": db.exec(
                select(DoseLog.id).where(DoseLog.medicine_id == world["medicine"])
            ).first()
            is not None,
            "medicines.request_refills": db.exec(
                select(RefillRequest.id).where(RefillRequest.medicine_id == world["medicine"])
            ).first()
            is not None,
            "appointments.cancel": db.get(Appointment, world["visit"]).status == "cancelled",
        }


SEES = {
    "messages.see": "Talk",
    "medicines.see": "Med",
    "appointments.see": "Room",
    "records.see": "Note",
    "safety_plan.see": "Plan",
}
CASES = [
    # (name, years old, kind, status, permissions, days until it ends)
    ("declined", 30, "patient", "declined", ALL, None),
    ("not yet accepted", 30, "patient", "invited", ALL, None),
    ("ended yesterday", 30, "patient", "active", ALL, -1),
    ("revoked", 30, "patient", "revoked", ALL, None),
    ("medicines only", 30, "patient", "active", ("medicines.see",), None),
    ("record but not the safety plan", 30, "patient", "active", ("records.see",), None),
    ("a teen's guardian", 15, "guardian", "active", ALL, None),
    ("full (control)", 30, "patient", "active", ALL, 10),
]


@pytest.mark.parametrize(("name", "years", "kind", "status", "codes", "ends"), CASES)
def test_caregivers_get_exactly_their_grant_over_the_websocket(
    live_server, name, years, kind, status, codes, ends
) -> None:
    world = a_patient(years)
    token = caregiver_for(world, kind=kind, status=status, codes=codes, ends=ends)
    received = everything_a_caregiver_can_try(RawClient(live_server.origin, token), world)
    allowed = set(codes) if status == "active" and (ends is None or ends >= 0) else set()
    if kind == "guardian" and 12 <= years < 18:
        allowed -= {"messages.see", "messages.send", "check_ins.see"}
    for permission, marker in SEES.items():
        assert (f"{marker}{world['tag']}" in received) is (permission in allowed), (
            name,
            permission,
        )
    # Part 2: never without the patient's consent (there is none here).
    assert f"Secret{world['tag']}" not in received, name
    done = writes(world)
    for permission, happened in done.items():
        assert happened is (permission in allowed), (name, permission)
