"""Email links, hand-off tokens and password checks with throttling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from portal_app.services.clinic.demo_seed import DEMO_PASSWORD, demo_id
from portal_app.services.identity import throttle
from portal_app.services.identity.device_trust import new_device_cookie
from portal_app.services.identity.sign_in import (
    EMAIL_LINK,
    HANDOFF,
    INVITATION,
    LINKS_PER_WINDOW,
    check_password,
    issue_token,
    redeem_token,
    request_email_link,
    send_sign_in_link,
)
from tests.factories import DEMO_CLINIC

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
ALEX = demo_id("user", "alex@example.org")


def test_a_token_works_once(db) -> None:
    token = issue_token(db, ALEX, EMAIL_LINK, now=T0)
    assert redeem_token(db, token, EMAIL_LINK, now=T0 + timedelta(minutes=1)) == ALEX
    assert redeem_token(db, token, EMAIL_LINK, now=T0 + timedelta(minutes=2)) is None


def test_a_token_expires_and_only_works_for_its_purpose(db) -> None:
    link = issue_token(db, ALEX, EMAIL_LINK, now=T0)
    handoff = issue_token(db, ALEX, HANDOFF, now=T0)
    assert redeem_token(db, handoff, EMAIL_LINK, now=T0) is None
    assert redeem_token(db, handoff, HANDOFF, now=T0 + timedelta(seconds=61)) is None
    assert redeem_token(db, link, EMAIL_LINK, now=T0 + timedelta(minutes=15)) is None


def test_a_newer_invitation_does_not_cancel_an_older_one(db) -> None:
    first = issue_token(db, ALEX, INVITATION, now=T0)
    second = issue_token(db, ALEX, INVITATION, now=T0 + timedelta(days=1))
    assert redeem_token(db, first, INVITATION, now=T0 + timedelta(days=6)) == ALEX
    assert redeem_token(db, second, INVITATION, now=T0 + timedelta(days=6)) == ALEX


def test_links_are_rate_limited_per_account(db) -> None:
    sent = [
        request_email_link(
            db, "Alex@Example.org ", clinic_id=DEMO_CLINIC, now=T0 + timedelta(minutes=i)
        )
        for i in range(4)
    ]
    assert [s is not None for s in sent] == [True, True, True, False]
    assert (
        request_email_link(
            db, "alex@example.org", clinic_id=DEMO_CLINIC, now=T0 + timedelta(minutes=20)
        )
        is not None
    )


def test_unknown_addresses_get_no_link_and_no_email(db) -> None:
    outbox = []
    send_sign_in_link(
        db,
        "nobody@example.org",
        clinic_id=DEMO_CLINIC,
        now=T0,
        public_origin="http://x",
        deliver=outbox.append,
    )
    assert outbox == []


def test_the_email_carries_a_working_link_in_the_fragment(db) -> None:
    outbox = []
    send_sign_in_link(
        db,
        "jordan@example.org",
        clinic_id=DEMO_CLINIC,
        now=T0,
        public_origin="https://portal.example",
        deliver=outbox.append,
    )
    (message,) = outbox
    body = message.get_body().get_content()
    assert message["To"] == "jordan@example.org"
    link = next(line for line in body.splitlines() if line.startswith("https://"))
    assert link.startswith("https://portal.example/sign-in/link#t=")
    token = link.split("#t=")[1]
    assert redeem_token(db, token, EMAIL_LINK, now=T0) == demo_id("user", "jordan@example.org")


def test_right_password_signs_in_wrong_one_does_not(db) -> None:
    ok = check_password(
        db,
        "alex@example.org",
        DEMO_PASSWORD,
        clinic_id=DEMO_CLINIC,
        client_address="10.0.0.1",
        now=T0,
    )
    assert ok.ok and ok.user_id == ALEX
    wrong = check_password(
        db,
        "alex@example.org",
        "guess-guess",
        clinic_id=DEMO_CLINIC,
        client_address="10.0.0.1",
        now=T0,
    )
    assert not wrong.ok and wrong.wait_seconds == 0


def test_guessing_slows_down_then_stops_but_never_for_email_links(db) -> None:
    def attempt(at: datetime, password: str = "wrong-guess"):
        return check_password(
            db,
            "alex@example.org",
            password,
            clinic_id=DEMO_CLINIC,
            client_address="10.0.0.2",
            now=at,
        )

    for i in range(throttle.FREE_TRIES):
        assert attempt(T0 + timedelta(seconds=i)).wait_seconds == 0
    blocked = attempt(T0 + timedelta(seconds=10), DEMO_PASSWORD)
    assert not blocked.ok and 0 < blocked.wait_seconds <= 30  # even the right password waits
    assert attempt(T0 + timedelta(seconds=40), DEMO_PASSWORD).ok
    # The real person can always ask for an email link.
    assert (
        request_email_link(
            db, "alex@example.org", clinic_id=DEMO_CLINIC, now=T0 + timedelta(seconds=41)
        )
        is not None
    )


SECRET = "test-secret-for-device-cookies-0123456789"


def test_a_stranger_guessing_never_locks_the_owner_out_of_their_own_phone(db) -> None:
    """A stranger's wrong passwords slow down unknown devices; the phone the person signed in
    on before keeps working (found: 5 wrong guesses from anywhere made the owner wait)."""
    owners_phone = new_device_cookie(SECRET, ALEX)

    def attempt(password: str, at: datetime, device: str | None = None, address="203.0.113.9"):
        return check_password(
            db,
            "alex@example.org",
            password,
            clinic_id=DEMO_CLINIC,
            client_address=address,
            now=at,
            device_cookie=device,
            secret=SECRET,
        )

    for i in range(throttle.DAILY_LIMIT):  # as much guessing as the day allows
        attempt("wrong-guess", T0 + timedelta(minutes=16 * i))
    later = T0 + timedelta(minutes=16 * throttle.DAILY_LIMIT)
    assert attempt(DEMO_PASSWORD, later).wait_seconds > 0  # unknown device: waits
    assert attempt(DEMO_PASSWORD, later, address="198.51.100.7").wait_seconds > 0
    forged = owners_phone.rsplit(".", 1)[0] + ".0000"
    assert attempt(DEMO_PASSWORD, later, forged).wait_seconds > 0
    jordans = new_device_cookie(SECRET, demo_id("user", "jordan@example.org"))
    assert attempt(DEMO_PASSWORD, later, jordans).wait_seconds > 0  # not Alex's device
    assert attempt(DEMO_PASSWORD, later, owners_phone, "198.51.100.7").ok  # the owner's own


def test_a_known_device_is_slowed_down_on_its_own_schedule(db) -> None:
    """A stolen device cookie is no master key: its own tries slow down like any other."""
    phone = new_device_cookie(SECRET, ALEX)

    def attempt(password: str, at: datetime):
        return check_password(
            db,
            "alex@example.org",
            password,
            clinic_id=DEMO_CLINIC,
            client_address="10.0.0.3",
            now=at,
            device_cookie=phone,
            secret=SECRET,
        )

    for i in range(throttle.FREE_TRIES):
        assert attempt("wrong-guess", T0 + timedelta(seconds=i)).wait_seconds == 0
    assert attempt(DEMO_PASSWORD, T0 + timedelta(seconds=10)).wait_seconds > 0
    other = check_password(
        db,
        "alex@example.org",
        DEMO_PASSWORD,
        clinic_id=DEMO_CLINIC,
        client_address="10.0.0.4",
        now=T0 + timedelta(seconds=11),
    )
    assert other.ok  # the account itself was not slowed by the device's own failures


def test_there_is_a_hard_daily_stop(db) -> None:
    moment = T0
    tries = 0
    while tries < throttle.DAILY_LIMIT:
        result = check_password(
            db,
            "alex@example.org",
            "wrong-guess",
            clinic_id=DEMO_CLINIC,
            client_address=f"10.1.0.{tries}",
            now=moment,
        )
        if result.wait_seconds == 0:
            tries += 1
        moment += timedelta(minutes=16)
    wait = throttle.seconds_to_wait(
        db,
        account=throttle.account_of(DEMO_CLINIC, "alex@example.org"),
        client_address="10.9.9.9",
        now=moment,
    )
    assert wait > 3600  # hours, not seconds: at most 20 guesses a day


def test_failed_sign_ins_are_audited_without_the_password(db) -> None:
    from sqlmodel import select

    from portal_app.models import AuditEvent

    check_password(
        db,
        "alex@example.org",
        "Secret-Guess-1",
        clinic_id=DEMO_CLINIC,
        client_address="10.4.4.4",
        now=T0,
    )
    check_password(
        db,
        "nobody@example.org",
        "Secret-Guess-2",
        clinic_id=DEMO_CLINIC,
        client_address="10.4.4.4",
        now=T0,
    )
    events = db.exec(select(AuditEvent).order_by(AuditEvent.seq.desc())).all()[:2]
    assert [e.action for e in events] == ["sign_in.password_failed"] * 2
    assert [e.actor_id for e in events] == [None, ALEX]
    assert all(e.client_address == "10.4.4.4" for e in events)
    assert not [e for e in events if "Guess" in repr(e)]


def test_the_link_limit_holds_when_requests_arrive_at_once(migrated_database) -> None:
    """Ten requests at the same moment, each in its own transaction (as ten web requests):
    still at most three links (found open on PostgreSQL: count, then insert, raced)."""
    import threading
    import uuid

    from sqlmodel import col, func, select

    from portal_app.db import session_scope
    from portal_app.models import SignInToken
    from tests.factories import make_patient

    email = f"race.{uuid.uuid4().hex[:8]}@example.org"
    with session_scope() as db:
        user_id = make_patient(db, email, "Rae Race").id
    now = datetime.now(UTC)
    start = threading.Barrier(10)
    issued: list[bool] = []

    def ask() -> None:
        start.wait()
        with session_scope() as db:
            issued.append(request_email_link(db, email, clinic_id=DEMO_CLINIC, now=now) is not None)

    threads = [threading.Thread(target=ask) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with session_scope() as db:
        stored = db.exec(select(func.count()).where(col(SignInToken.user_id) == user_id)).one()
    assert (issued.count(True), stored) == (LINKS_PER_WINDOW, LINKS_PER_WINDOW)


def test_guessing_at_one_clinic_does_not_slow_the_same_email_at_another(db) -> None:
    """An email is an account per clinic: guesses at Harbor's sign-in are Harbor's count."""
    harbor = demo_id("clinic", "harbor-demo")
    for i in range(throttle.FREE_TRIES + 2):
        check_password(
            db,
            "alex@example.org",
            "wrong-guess",
            clinic_id=harbor,
            client_address=f"10.7.0.{i}",
            now=T0,
        )
    at_home = check_password(
        db,
        "alex@example.org",
        DEMO_PASSWORD,
        clinic_id=DEMO_CLINIC,
        client_address="10.7.1.1",
        now=T0,
    )
    assert at_home.ok and at_home.wait_seconds == 0
