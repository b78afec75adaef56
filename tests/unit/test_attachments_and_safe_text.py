"""Attachments: the type comes from the bytes, the size is capped, and only the patient and their
care team can fetch a sent file. Safe text: only full http(s) addresses ever become links."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal_app.models import Role
from portal_app.services.access import Actor, NotFound
from portal_app.services.care_team.attachments import (
    MAX_BYTES,
    clean_file_name,
    file_key,
    open_attachment,
    pending_of,
    remove_pending,
    sniff,
    store,
)
from portal_app.services.care_team.messaging import open_thread, start_thread
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.common import file_store
from portal_app.services.common.safe_text import pieces
from tests.factories import make_care_team_patient

CLINIC = demo_id("clinic", "steady-demo")
RIVERA = Actor(demo_id("user", "dr.rivera@example.org"), Role.CLINICIAN, CLINIC)
CHEN = Actor(demo_id("user", "dr.chen@example.org"), Role.CLINICIAN, CLINIC)
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PDF = b"%PDF-1.7\n" + b"x" * 64


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (PNG, "image/png"),
        (PDF, "application/pdf"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 12, "image/jpeg"),
        (b"RIFF\0\0\0\0WEBPVP8 ", "image/webp"),
        (b"\0\0\0\x18ftypheic\0\0\0\0", "image/heic"),
        (b"<html><script>alert(1)</script>", None),
        (b"<svg onload=alert(1)>", None),
        (b"MZ\x90\0", None),
        (b"", None),
    ],
)
def test_the_type_comes_from_the_first_bytes(head: bytes, kind: str | None) -> None:
    assert sniff(head[:16]) == kind


def test_file_names_are_cleaned_and_end_in_the_real_type() -> None:
    assert clean_file_name("../../etc/passwd", "application/pdf") == "passwd.pdf"
    assert clean_file_name("C:\\Users\\me\\scan.exe", "image/png") == "scan.png"
    assert clean_file_name("photo\u202egnp.js", "image/jpeg") == "photognp.jpg"
    assert clean_file_name("...", "image/png") == "file.png"


def test_upload_rules_and_who_may_fetch(db) -> None:
    patient_actor, patient = make_care_team_patient(
        db, "att@example.org", "Ann Tach", RIVERA.user_id
    )
    other, _ = make_care_team_patient(db, "att2@example.org", "Other", RIVERA.user_id)
    keep = dict(now=NOW)
    assert store(db, patient_actor, patient.id, "x.png", b"<html>", **keep) == "messages.file_type"
    big = PNG + b"\0" * MAX_BYTES
    assert store(db, patient_actor, patient.id, "big.png", big, **keep) == "messages.file_too_big"
    with pytest.raises(NotFound):  # nobody adds files to someone else's record
        store(db, other, patient.id, "x.png", PNG, **keep)

    kept = store(db, patient_actor, patient.id, "rash photo.png", PNG, **keep)
    assert not isinstance(kept, str) and kept.file_name == "rash photo.png"
    # Before it is sent, only its sender can see it.
    with pytest.raises(NotFound):
        open_attachment(db, RIVERA, kept.id, now=NOW)

    thread = start_thread(
        db, patient_actor, None, "Rash", "See photo", now=NOW, attachment_ids=[kept.id]
    )
    assert pending_of(db, patient_actor, patient.id) == []
    shown = open_thread(db, RIVERA, thread.id, now=NOW)
    assert [a.file_name for a in shown.messages[0].attachments] == ["rash photo.png"]
    for allowed in (patient_actor, RIVERA):
        row, data = open_attachment(db, allowed, kept.id, now=NOW)
        assert data == PNG and row.content_type == "image/png"
    for outsider in (other, CHEN):
        with pytest.raises(NotFound):
            open_attachment(db, outsider, kept.id, now=NOW)
    with pytest.raises(NotFound):  # a sent file cannot be taken back out of the record
        remove_pending(db, patient_actor, kept.id)


def test_someone_elses_pending_file_cannot_ride_on_my_message(db) -> None:
    patient_actor, patient = make_care_team_patient(db, "att3@example.org", "Pat", RIVERA.user_id)
    theirs = store(db, RIVERA, patient.id, "plan.pdf", PDF, now=NOW)
    thread = start_thread(db, patient_actor, None, "Hi", "Hi", now=NOW, attachment_ids=[theirs.id])
    assert open_thread(db, patient_actor, thread.id, now=NOW).messages[0].attachments == []
    assert file_store.read(db, file_key(theirs.id)) == PDF
    remove_pending(db, RIVERA, theirs.id)
    assert file_store.read(db, file_key(theirs.id)) is None


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("See https://example.org/sleep.", ["https://example.org/sleep"]),
        ("javascript:alert(1)", []),
        ("JaVaScRiPt:alert(1) and data:text/html,<script>", []),
        ("http://user@evil.example/", []),
        ("https://ex\u0430mple.org", []),  # Cyrillic a: a look-alike host stays text
        ("https://ok.example/\u202etxt.exe", []),
        ("<a href='https://x.example'>x</a>", ["https://x.example"]),
    ],
)
def test_only_plain_web_addresses_become_links(text: str, links: list[str]) -> None:
    found = pieces(text)
    assert [p["link"] for p in found if p["link"]] == links
    assert "".join(p["text"] for p in found) == text


@given(st.text(max_size=300))
def test_pieces_keep_every_character_and_link_only_http(text: str) -> None:
    found = pieces(text)
    assert "".join(p["text"] for p in found) == text
    for piece in found:
        if piece["link"]:
            assert piece["link"].lower().startswith(("http://", "https://"))
            assert piece["link"] == piece["text"]
