"""Two clinics on one server, over raw Socket.IO: a session of any role of Riverside
(localhost) opens nothing at Harbor's hostname (127.0.0.1), Harbor's clinician cannot reach
Riverside's patients, and a page of one clinic cannot open a connection to the other."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
import websocket
from sqlmodel import func, select

from portal_app.db import session_scope
from portal_app.models import AuditEvent, CheckIn, Message
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.identity.sessions import start_session
from tests.e2e.raw_socket import (
    CHECK_IN,
    MESSAGES,
    OVERVIEW,
    PANEL,
    PEOPLE_STATE,
    VIEWER,
    RawClient,
    new_session,
)

RIVERSIDE_ROLES = (
    "alex@example.org",
    "dr.rivera@example.org",
    "sam@example.org",
    "admin@example.org",
)
RIVERSIDE_NAMES = ("Alex Morgan", "Taylor Brooks", "Casey Nguyen", "Jordan Lee")


def harbor_origin(live_server) -> str:
    return f"http://127.0.0.1:{urlsplit(live_server.origin).port}"


def harbor_session(email: str) -> str:
    with session_scope() as db:
        return start_session(db, demo_id("user", email), now=datetime.now(UTC))


def writes_and_looks() -> tuple[int, int, int]:
    with session_scope() as db:
        return (
            db.exec(select(func.count()).select_from(CheckIn)).one(),
            db.exec(select(func.count()).select_from(Message)).one(),
            db.exec(select(func.count()).where(AuditEvent.patient_id.is_not(None))).one(),  # type: ignore[union-attr]
        )


def everything_a_client_tries(raw: RawClient) -> dict:
    alex = str(demo_id("patient", "alex@example.org"))
    raw.send(f"{CHECK_IN}.load_check_in")
    raw.send(f"{CHECK_IN}.save", form_data={"mood": "2", "anxiety": "4", "note": "Zebracorn"})
    raw.send(f"{MESSAGES}.load_messages")
    raw.send(f"{MESSAGES}.send", form_data={"body": "Zebracorn"})
    raw.send(f"{PANEL}.load_panel")
    raw.send(f"{PANEL}.open_patient", patient_id=alex)
    raw.send(f"{OVERVIEW}.load_overview")
    raw.send(f"{PEOPLE_STATE}.load_people")
    viewer, _ = raw.call(f"{VIEWER}.load_viewer")  # answered after all of the above
    return viewer


@pytest.mark.parametrize("email", RIVERSIDE_ROLES)
def test_no_role_of_one_clinic_reads_or_writes_at_the_others_hostname(
    live_server, email: str
) -> None:
    before = writes_and_looks()
    raw = RawClient(harbor_origin(live_server), new_session(email)[0])
    viewer = everything_a_client_tries(raw)
    raw.close()
    seen = str(raw.everything)
    assert not [name for name in RIVERSIDE_NAMES if name in seen]
    assert "Zebracorn" not in seen
    assert '"signed_in": true' not in str(viewer).replace("'", '"').replace("True", "true")
    assert writes_and_looks() == before  # 0 writes, and 0 audited looks at any patient


def test_the_same_session_works_at_its_own_clinics_hostname(live_server) -> None:
    """The check above can fail: at Riverside's own hostname Dr. Rivera's panel shows Alex."""
    raw = RawClient(live_server.origin, new_session("dr.rivera@example.org")[0])
    panel, _ = raw.call(f"{PANEL}.load_panel")
    raw.close()
    assert "Alex" in str(panel)


def test_harbors_clinician_sees_harbor_and_cannot_reach_riverside(live_server) -> None:
    raw = RawClient(harbor_origin(live_server), harbor_session("dr.mendez@harbor.example"))
    panel, _ = raw.call(f"{PANEL}.load_panel")
    with session_scope() as db:
        refused_before = db.exec(
            select(func.count()).where(AuditEvent.action == "access.refused")
        ).one()
    alex = str(demo_id("patient", "alex@example.org"))
    raw.send(f"{PANEL}.open_patient", patient_id=alex)
    raw.path = f"/patient?id={alex}"  # the patient page's own address, with Alex's id in it
    raw.call(f"{OVERVIEW}.load_overview")
    raw.close()
    assert "María" in str(panel)
    assert not [name for name in RIVERSIDE_NAMES if name in str(raw.everything)]
    with session_scope() as db:
        refused_after = db.exec(
            select(func.count()).where(AuditEvent.action == "access.refused")
        ).one()
    assert refused_after > refused_before  # the refused look is in the audit trail


def test_a_page_of_one_clinic_cannot_open_the_others_connection(live_server) -> None:
    """Browsers send the page's Origin with a websocket; only the host's own is accepted."""
    harbor = harbor_origin(live_server)
    url = harbor.replace("http://", "ws://") + "/_event/?EIO=4&transport=websocket"
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        websocket.create_connection(url, origin=live_server.origin, timeout=5)
    assert refused.value.status_code == 403
    own = websocket.create_connection(url, origin=harbor, timeout=5)
    assert own.recv().startswith("0{")  # Engine.IO's open packet: connected
    own.close()
