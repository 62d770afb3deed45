"""Invitation emails over SMTP, when configured (the same variables LiteLLM's emails use).

SMTP_HOST (required to send), SMTP_PORT (587), SMTP_USERNAME, SMTP_PASSWORD, SMTP_SENDER_EMAIL
(default: SMTP_USERNAME), SMTP_TLS ("true": STARTTLS; "ssl": implicit TLS; "false": none).
"""
from __future__ import annotations

import asyncio
import logging
import os
import smtplib
from datetime import datetime
from email.message import EmailMessage

log = logging.getLogger("alchemi.identity")


def configured() -> bool:
    return bool(os.environ.get("SMTP_HOST"))


def _send(message: EmailMessage) -> None:
    host = os.environ["SMTP_HOST"]
    port = int(os.environ.get("SMTP_PORT", "587"))
    tls = os.environ.get("SMTP_TLS", "true").strip().lower()
    cls = smtplib.SMTP_SSL if tls == "ssl" else smtplib.SMTP
    with cls(host, port, timeout=15) as smtp:
        if tls in ("true", "1", "yes"):
            smtp.starttls()
        user, password = os.environ.get("SMTP_USERNAME"), os.environ.get("SMTP_PASSWORD")
        if user and password:
            smtp.login(user, password)
        smtp.send_message(message)


async def send_invitation(email: str, url: str, account_name: str, expires_at: datetime) -> bool:
    """True when the invitation was handed to the SMTP server."""
    if not configured():
        return False
    message = EmailMessage()
    message["Subject"] = f"You are invited to administer {account_name} on Alchemi Studio Console"
    message["From"] = os.environ.get("SMTP_SENDER_EMAIL") or os.environ.get("SMTP_USERNAME") or "no-reply@localhost"
    message["To"] = email
    message.set_content(
        f"You have been invited to administer the account {account_name}.\n\n"
        f"Accept the invitation: {url}\n\nThe link works once and expires on {expires_at:%Y-%m-%d %H:%M} UTC.\n")
    try:
        await asyncio.to_thread(_send, message)
    except (OSError, smtplib.SMTPException) as e:
        log.warning("invitation email to %s not sent: %s", email, e)
        return False
    return True
