"""Email on its way out: through the configured SMTP server, or into the data folder's outbox."""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage

from portal_app.services.common import mail
from portal_app.settings import get_settings


def deliver_mail() -> Callable[[EmailMessage], None]:
    settings = get_settings()
    return mail.deliverer(smtp_url=settings.smtp_url, outbox=settings.data_dir / "outbox")
