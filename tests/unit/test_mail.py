"""Email leaves through a real SMTP server (aiosmtpd, in-process), or lands in the outbox."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from portal_app.services.common import mail
from portal_app.services.identity.sign_in import EMAIL_LINK, redeem_token, send_sign_in_link
from tests.factories import DEMO_CLINIC


class Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.received: list[email.message.EmailMessage] = []

    def handle_message(self, message) -> None:
        self.received.append(email.message_from_bytes(bytes(message), policy=email.policy.default))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[str, Inbox]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield f"smtp://127.0.0.1:{port}", inbox
    controller.stop()


def test_a_sign_in_link_travels_by_smtp_and_works(db, smtp_server, tmp_path: Path) -> None:
    smtp_url, inbox = smtp_server
    now = datetime.now(UTC)
    send_sign_in_link(
        db,
        "casey@example.org",
        clinic_id=DEMO_CLINIC,
        now=now,
        public_origin="https://portal.example",
        deliver=lambda message: mail.send(message, smtp_url=smtp_url, outbox=tmp_path / "outbox"),
    )
    (received,) = inbox.received
    assert received["To"] == "casey@example.org"
    assert received["Subject"] == "Your Steady sign-in link"
    body = received.get_body().get_content()
    token = body.split("#t=")[1].split()[0]
    assert redeem_token(db, token, EMAIL_LINK, now=now) is not None
    assert not (tmp_path / "outbox").exists()  # nothing went to the local outbox


def test_without_smtp_the_email_waits_in_the_outbox(tmp_path: Path) -> None:
    message = mail.build_message("alex@example.org", "Hello", "A plain body.")
    mail.send(message, smtp_url=None, outbox=tmp_path / "outbox")
    (saved,) = (tmp_path / "outbox").glob("*.eml")
    assert b"A plain body." in saved.read_bytes()


def test_the_email_is_in_the_persons_language(db, smtp_server, tmp_path: Path) -> None:
    from portal_app.models import Language, User
    from portal_app.services.clinic.demo_seed import demo_id

    riley = db.get(User, demo_id("user", "riley@example.org"))
    riley.language = Language.SPANISH
    db.add(riley)
    db.flush()
    smtp_url, inbox = smtp_server
    send_sign_in_link(
        db,
        "riley@example.org",
        clinic_id=DEMO_CLINIC,
        now=datetime.now(UTC),
        public_origin="https://p.example",
        deliver=lambda message: mail.send(message, smtp_url=smtp_url, outbox=tmp_path),
    )
    assert inbox.received[0]["Subject"] == "Su enlace para entrar a Steady"
