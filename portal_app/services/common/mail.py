"""Sending email: through SMTP when PORTAL_SMTP_URL is set, otherwise into a local outbox.

The outbox (data/outbox/*.eml) lets a demo or a developer read sign-in links without a mail
server. Emails never carry health details, only what is needed to sign in.
"""

from __future__ import annotations

import smtplib
import ssl
import uuid
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

SENDER = "Steady <no-reply@steady.invalid>"


def build_message(to: str, subject: str, body: str, sender: str = SENDER) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message.set_content(body)
    return message


def send(message: EmailMessage, *, smtp_url: str | None, outbox: Path) -> None:
    """smtp://host:port, smtp+starttls://user:pass@host:port or smtps://...; else the outbox."""
    if not smtp_url:
        outbox.mkdir(parents=True, exist_ok=True)
        (outbox / f"{uuid.uuid4().hex}.eml").write_bytes(bytes(message))
        return
    url = urlsplit(smtp_url)
    host, port = url.hostname or "localhost", url.port or 25
    if url.scheme == "smtps":
        client: smtplib.SMTP = smtplib.SMTP_SSL(host, port, context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(host, port, timeout=20)
    with client:
        if url.scheme == "smtp+starttls":
            client.starttls(context=ssl.create_default_context())
        if url.username:
            client.login(unquote(url.username), unquote(url.password or ""))
        client.send_message(message)


def deliverer(*, smtp_url: str | None, outbox: Path) -> Callable[[EmailMessage], None]:
    """One way to send, fixed from the settings, for services that take `deliver`."""
    return lambda message: send(message, smtp_url=smtp_url, outbox=outbox)
