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
    with _signed_in(smtp_url, timeout=20) as client:
        client.send_message(message)


def _signed_in(smtp_url: str, *, timeout: float) -> smtplib.SMTP:
    """A connection to the mail server, encrypted and signed in as the URL says."""
    url = urlsplit(smtp_url)
    host, port = url.hostname or "localhost", url.port or 25
    if url.scheme == "smtps":
        context = ssl.create_default_context()
        client: smtplib.SMTP = smtplib.SMTP_SSL(host, port, context=context, timeout=timeout)
    else:
        client = smtplib.SMTP(host, port, timeout=timeout)
    try:
        if url.scheme == "smtp+starttls":
            client.starttls(context=ssl.create_default_context())
        if url.username:
            client.login(unquote(url.username), unquote(url.password or ""))
    except BaseException:
        client.close()
        raise
    return client


def unreachable(smtp_url: str, *, timeout: float = 5) -> str:
    """Why the mail server cannot take mail now ("" when it can): for `portal doctor`."""
    try:
        with _signed_in(smtp_url, timeout=timeout) as client:
            client.noop()
    except (OSError, smtplib.SMTPException) as problem:
        return f"{type(problem).__name__}: {problem}"[:200]
    return ""


def deliverer(*, smtp_url: str | None, outbox: Path) -> Callable[[EmailMessage], None]:
    """One way to send, fixed from the settings, for services that take `deliver`."""
    return lambda message: send(message, smtp_url=smtp_url, outbox=outbox)
