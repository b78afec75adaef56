"""The record: visit notes and papers the care team shares (who and when, taken back), allergies,
the progress report, and psychotherapy notes that only their author ever reads."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from portal_app.models import Allergy, QuestionnaireResponse, Role, SharedDocument
from portal_app.services.access import Actor, NotFound
from portal_app.services.care_team import psychotherapy_notes
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.common import file_store
from portal_app.services.measures.progress_report import direction_of, progress_of
from portal_app.services.medication import allergies
from portal_app.services.records import shared_documents
from portal_app.services.records.fhir_export import everything
from portal_app.services.records.record_summary import summary_html
from tests.factories import make_care_team_patient, make_clinician

CLINIC = demo_id("clinic", "steady-demo")
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def team(db):
    """A clinician, a colleague on the same care team, an outsider, and their patient."""
    author = make_clinician(db, f"rec-{uuid.uuid4().hex[:8]}@example.org", "Dr. Ada Author")
    colleague = make_clinician(db, f"rec-{uuid.uuid4().hex[:8]}@example.org", "Dr. Col League")
    outsider = make_clinician(db, f"rec-{uuid.uuid4().hex[:8]}@example.org", "Dr. Out Side")
    me, patient = make_care_team_patient(
        db, f"rec-{uuid.uuid4().hex[:8]}@example.org", "Robin Record", author.user_id
    )
    from portal_app.models import CareTeamMembership

    db.add(CareTeamMembership(patient_id=patient.id, clinician_id=colleague.user_id))
    db.flush()
    return author, colleague, outsider, me, patient


def test_a_visit_note_says_who_shared_it_and_when_and_bad_input_is_named(db, team) -> None:
    author, colleague, _, me, patient = team
    share = shared_documents.share_summary
    visit = NOW - timedelta(days=1)
    assert share(db, author, patient.id, " ", "words", visit_on=None, now=NOW) == (
        "records.problem.title"
    )
    assert share(db, author, patient.id, "Visit", "  ", visit_on=None, now=NOW) == (
        "records.problem.summary_missing"
    )
    assert share(db, author, patient.id, "Visit", "x" * 8001, visit_on=None, now=NOW) == (
        "records.problem.too_long"
    )
    assert (
        share(db, author, patient.id, "Second visit", "We talked.", visit_on=visit, now=NOW) == ""
    )
    later = NOW + timedelta(hours=1)
    assert share(db, colleague, patient.id, "Plan", "Walk daily.", visit_on=None, now=later) == ""

    items = shared_documents.shared_with(db, me, None, now=NOW)
    assert [(i.title, i.shared_by, i.kind) for i in items] == [
        ("Plan", "Dr. Col League", "visit_summary"),
        ("Second visit", "Dr. Ada Author", "visit_summary"),
    ]
    assert items[1].visit_on is not None and items[1].body == "We talked."
    # The patient cannot share into their own record.
    with pytest.raises(NotFound):
        share(db, me, patient.id, "Mine", "text", visit_on=None, now=NOW)


def test_a_shared_file_is_checked_by_its_bytes_and_only_the_patient_and_team_open_it(
    db, team
) -> None:
    author, colleague, outsider, me, patient = team
    fake = b"<html><script>alert(1)</script>"
    assert (
        shared_documents.share_file(db, author, patient.id, "Lab", "lab.pdf", fake, now=NOW)
        == "records.problem.file_type"
    )
    assert (
        shared_documents.share_file(
            db, author, patient.id, "", "../../Lab results.pdf", PDF, now=NOW
        )
        == ""
    )
    (item,) = shared_documents.shared_with(db, me, None, now=NOW)
    assert (item.kind, item.title, item.file_name, item.size) == (
        "document",
        "Lab results",
        "Lab results.pdf",
        len(PDF),
    )
    for reader in (me, author, colleague):
        row, data = shared_documents.open_file(db, reader, item.id, now=NOW)
        assert data == PDF and row.content_type == "application/pdf"
    with pytest.raises(NotFound):
        shared_documents.open_file(db, outsider, item.id, now=NOW)
    with pytest.raises(NotFound):
        shared_documents.withdraw(db, me, item.id, now=NOW)

    shared_documents.withdraw(db, colleague, item.id, now=NOW)
    assert shared_documents.shared_with(db, me, None, now=NOW) == []
    with pytest.raises(NotFound):
        shared_documents.open_file(db, me, item.id, now=NOW)
    kept = db.get(SharedDocument, item.id)
    assert kept is not None and kept.withdrawn_at is not None  # taken back, not erased


def test_allergies_are_added_by_the_team_read_by_the_patient_and_removed_not_erased(
    db, team
) -> None:
    author, _, outsider, me, patient = team
    add = allergies.add_allergy
    assert add(db, author, patient.id, "  ", "", "mild", now=NOW) == "records.problem.substance"
    assert add(db, author, patient.id, "Penicillin", "Hives", "severe", now=NOW) == ""
    assert add(db, author, patient.id, "Latex", "", "made-up", now=NOW) == ""
    with pytest.raises(NotFound):
        add(db, me, patient.id, "Peanuts", "", "mild", now=NOW)
    with pytest.raises(NotFound):
        add(db, outsider, patient.id, "Peanuts", "", "mild", now=NOW)

    shown = allergies.allergies_of(db, me, None, now=NOW)
    assert [(a.substance, a.reaction, a.severity, a.noted_by) for a in shown] == [
        ("Latex", "", "unknown", "Dr. Ada Author"),
        ("Penicillin", "Hives", "severe", "Dr. Ada Author"),
    ]
    with pytest.raises(NotFound):
        allergies.remove_allergy(db, me, shown[0].id, now=NOW)
    allergies.remove_allergy(db, author, shown[0].id, now=NOW)
    assert [a.substance for a in allergies.allergies_of(db, author, patient.id, now=NOW)] == [
        "Penicillin"
    ]
    removed = db.get(Allergy, shown[0].id)
    assert removed is not None and removed.removed_by == author.user_id


def test_psychotherapy_notes_are_read_by_their_author_only_and_never_exported(db, team) -> None:
    author, colleague, outsider, me, patient = team
    secret = f"process-note-{uuid.uuid4().hex}"
    write = psychotherapy_notes.write_note
    assert write(db, author, patient.id, "   ", now=NOW) == "records.problem.note_missing"
    assert write(db, author, patient.id, secret, now=NOW) == ""
    assert [
        n.body for n in psychotherapy_notes.my_notes_about(db, author, patient.id, now=NOW)
    ] == [secret]
    # A colleague on the same care team reads only their own (none).
    assert psychotherapy_notes.my_notes_about(db, colleague, patient.id, now=NOW) == []
    for step in (
        lambda: psychotherapy_notes.my_notes_about(db, me, patient.id, now=NOW),
        lambda: psychotherapy_notes.my_notes_about(db, outsider, patient.id, now=NOW),
        lambda: write(db, me, patient.id, "mine", now=NOW),
        lambda: write(db, outsider, patient.id, "theirs", now=NOW),
    ):
        with pytest.raises(NotFound):
            step()
    # Nothing the patient can read or download holds it, whoever asks for the export.
    assert (
        shared_documents.share_summary(
            db, author, patient.id, "Visit", "Shared words", visit_on=None, now=NOW
        )
        == ""
    )
    for asker in (me, author, None):
        bundle = everything(db, asker, patient.id, now=NOW)
        assert secret not in json.dumps(bundle)
        assert secret not in summary_html(bundle, "en", now=NOW, zone=ZoneInfo("America/New_York"))
        assert (
            "Shared words"
            in base64.b64decode(
                next(
                    e["resource"]["content"][0]["attachment"]["data"]
                    for e in bundle["entry"]
                    if e["resource"]["resourceType"] == "DocumentReference"
                )
            ).decode()
        )
    assert all(secret not in i.body for i in shared_documents.shared_with(db, me, None, now=NOW))


def test_the_export_carries_shared_items_and_allergies_but_not_what_was_taken_back(
    db, team
) -> None:
    author, _, _, me, patient = team
    shared_documents.share_file(db, author, patient.id, "Letter", "letter.pdf", PDF, now=NOW)
    shared_documents.share_summary(db, author, patient.id, "Oops", "wrong", visit_on=None, now=NOW)
    allergies.add_allergy(db, author, patient.id, "Penicillin", "Hives", "severe", now=NOW)
    allergies.add_allergy(db, author, patient.id, "Dust", "", "mild", now=NOW)
    oops = next(i for i in shared_documents.shared_with(db, me, None, now=NOW) if i.title == "Oops")
    shared_documents.withdraw(db, author, oops.id, now=NOW)
    dust = next(a for a in allergies.allergies_of(db, me, None, now=NOW) if a.substance == "Dust")
    allergies.remove_allergy(db, author, dust.id, now=NOW)

    bundle = everything(db, me, patient.id, now=NOW)
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    docs = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "DocumentReference"
    ]
    assert [d["description"] for d in docs] == ["Letter"]
    assert docs[0]["author"] == [{"display": "Dr. Ada Author"}]
    assert docs[0]["content"][0]["attachment"]["url"].endswith("/file")
    (allergy,) = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "AllergyIntolerance"
    ]
    assert kinds.count("AllergyIntolerance") == 1
    assert allergy["code"]["text"] == "Penicillin"
    assert allergy["criticality"] == "high"
    assert allergy["reaction"][0]["manifestation"][0]["text"] == "Hives"
    assert allergy["clinicalStatus"]["coding"][0]["code"] == "active"
    page = summary_html(bundle, "en", now=NOW, zone=ZoneInfo("America/New_York"))
    assert "Penicillin (Hives)" in page and "Dust" not in page
    assert "Letter · shared by Dr. Ada Author" in page and "Oops" not in page


def _score(db, patient_id: uuid.UUID, instrument: str, total: int, at: datetime) -> None:
    db.add(
        QuestionnaireResponse(
            id=uuid.uuid4(),
            patient_id=patient_id,
            instrument=instrument,
            complete=True,
            total=total,
            started_at=at,
            submitted_at=at,
        )
    )
    db.flush()


def test_the_progress_report_compares_the_first_score_with_the_latest(db, team) -> None:
    author, _, outsider, me, patient = team
    assert progress_of(db, me, None, now=NOW) == []
    for days_ago, total in ((60, 18), (30, 12), (2, 7)):
        _score(db, patient.id, "phq9", total, NOW - timedelta(days=days_ago))
    _score(db, patient.id, "gad7", 6, NOW - timedelta(days=3))

    phq9, gad7 = progress_of(db, me, None, now=NOW)
    assert (phq9.instrument, phq9.change, phq9.direction) == ("phq9", -11, "better")
    assert [(r.total, r.band) for r in phq9.readings] == [
        (18, "moderately_severe"),
        (12, "moderate"),
        (7, "mild"),
    ]
    assert (gad7.change, gad7.direction, len(gad7.readings)) == (0, "same", 1)
    assert [p.instrument for p in progress_of(db, author, patient.id, now=NOW)] == ["phq9", "gad7"]
    with pytest.raises(NotFound):
        progress_of(db, outsider, patient.id, now=NOW)


@pytest.mark.parametrize(
    ("first", "latest", "expected"),
    [
        (10, 5, "better"),  # 5 points down
        (10, 14, "same"),  # 4 up
        (9, 10, "same"),  # found: 1 up into a higher band read "Worse"
        (10, 9, "same"),  # found: 1 down into a lower band read "Better"
        (15, 20, "worse"),
        (3, 3, "same"),
    ],
)
def test_better_or_worse_means_five_points_or_more(first, latest, expected) -> None:
    assert direction_of("phq9", first, latest) == expected


def test_a_caregiver_or_admin_reads_none_of_the_record(db, team) -> None:
    author, _, _, _, patient = team
    allergies.add_allergy(db, author, patient.id, "Penicillin", "", "mild", now=NOW)
    for role, email in (
        (Role.CAREGIVER, "sam@example.org"),
        (Role.CLINIC_ADMIN, "admin@example.org"),
    ):
        other = Actor(demo_id("user", email), role, CLINIC)
        for step in (
            lambda: allergies.allergies_of(db, other, patient.id, now=NOW),
            lambda: shared_documents.shared_with(db, other, patient.id, now=NOW),
            lambda: progress_of(db, other, patient.id, now=NOW),
            lambda: psychotherapy_notes.my_notes_about(db, other, patient.id, now=NOW),
        ):
            with pytest.raises(NotFound):
                step()


def test_a_chosen_file_shows_to_nobody_until_it_is_titled_marked_and_shared(db, team) -> None:
    """Found: a paper was shared the moment its file was chosen, before it could be marked."""
    author, colleague, _, me, patient = team
    staged = shared_documents.stage_file(db, author, patient.id, "scan.pdf", PDF, now=NOW)
    assert not isinstance(staged, str)
    assert shared_documents.shared_with(db, me, None, now=NOW) == []
    assert shared_documents.shared_with(db, author, patient.id, now=NOW) == []
    with pytest.raises(NotFound):  # only the clinician who chose it may share or drop it
        shared_documents.confirm_file(db, colleague, staged.id, "x", now=NOW)
    assert (
        shared_documents.confirm_file(db, author, staged.id, "Treatment plan", now=NOW, part2=True)
        == ""
    )
    (item,) = shared_documents.shared_with(db, me, None, now=NOW)
    assert (item.title, item.part2) == ("Treatment plan", True)
    # The bytes now belong to the shared paper; no draft copy is left behind.
    assert file_store.read(db, shared_documents.file_key(item.id)) == PDF
    assert file_store.read(db, shared_documents.file_key(staged.id, draft=True)) is None

    dropped = shared_documents.stage_file(db, author, patient.id, "wrong.pdf", PDF, now=NOW)
    assert not isinstance(dropped, str)
    assert file_store.read(db, shared_documents.file_key(dropped.id, draft=True)) == PDF
    shared_documents.discard_file(db, author, dropped.id)
    assert len(shared_documents.shared_with(db, me, None, now=NOW)) == 1
    assert file_store.read(db, shared_documents.file_key(dropped.id, draft=True)) is None
