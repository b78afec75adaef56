"""Intake forms as a clinic admin builds them and a patient fills them: both languages, each
kind of question, problems said per question with nothing stored, answered once, frozen once
published, the care team reads the answers as asked, and another clinic sees nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from portal_app.models import Appointment, IntakeResponse, Role, VisitStatus
from portal_app.services.access import Actor, NotFound
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.intake.answers import (
    answer_words,
    answered_intakes,
    forms_to_fill,
    submit,
)
from portal_app.services.intake.forms import (
    add_question,
    copy_to_draft,
    forms_of_clinic,
    new_form,
    publish,
    remove_question,
)
from portal_app.services.problems import IntakeFormProblem, IntakeProblem
from portal_app.services.records.fhir_export import everything
from tests.factories import make_care_team_patient

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
CLINIC = demo_id("clinic", "steady-demo")
ADMIN = Actor(demo_id("user", "admin@example.org"), Role.CLINIC_ADMIN, CLINIC)
RIVERA = Actor(demo_id("user", "dr.rivera@example.org"), Role.CLINICIAN, CLINIC)
OTHER_ADMIN = Actor(ADMIN.user_id, Role.CLINIC_ADMIN, demo_id("clinic", "harbor"))

QUESTIONS = [
    {"kind": "text", "en": "What brings you to us?", "es": "¿Qué le trae con nosotros?"},
    {
        "kind": "choice",
        "en": "How did you hear of us?",
        "es": "¿Cómo supo de nosotros?",
        "choices_en": "A friend\nMy doctor\n\nThe web",
        "choices_es": "Un amigo\nMi médico\nLa web",
    },
    {"kind": "date", "en": "When did this start?", "es": "¿Cuándo empezó?", "required": "no"},
    {"kind": "yes_no", "en": "Are you in counseling now?", "es": "¿Está en consejería ahora?"},
]


def build_form(db):
    form = new_form(db, ADMIN, "  New patient   questions ", "Preguntas para pacientes", now=NOW)
    assert not isinstance(form, IntakeFormProblem) and form.title_en == "New patient questions"
    for fields in QUESTIONS:
        assert add_question(db, ADMIN, form.id, fields, now=NOW) is None
    return form


def ids(form) -> list[str]:
    return [q["id"] for q in form.questions]


def test_an_admin_builds_a_form_in_both_languages_and_publishing_freezes_it(db) -> None:
    form = build_form(db)
    assert [q["kind"] for q in form.questions] == ["text", "choice", "date", "yes_no"]
    assert form.questions[1]["choices"][2] == {"en": "The web", "es": "La web"}  # blank lines
    assert form.questions[2]["required"] is False and form.questions[0]["required"] is True
    # What does not fit is refused with its reason, and nothing changes.
    assert new_form(db, ADMIN, "Only English", " ", now=NOW) == IntakeFormProblem.TITLE
    one_language = {"kind": "text", "en": "Only English", "es": ""}
    assert add_question(db, ADMIN, form.id, one_language, now=NOW) == IntakeFormProblem.QUESTION
    uneven = {**QUESTIONS[1], "choices_es": "Un amigo\nMi médico"}
    assert add_question(db, ADMIN, form.id, uneven, now=NOW) == IntakeFormProblem.CHOICES
    odd_kind = {**QUESTIONS[0], "kind": "drawing"}
    assert add_question(db, ADMIN, form.id, odd_kind, now=NOW) == IntakeFormProblem.KIND
    assert len(form.questions) == 4

    assert publish(db, ADMIN, form.id, now=NOW) is None
    assert add_question(db, ADMIN, form.id, QUESTIONS[0], now=NOW) == IntakeFormProblem.NOT_DRAFT
    assert remove_question(db, ADMIN, form.id, ids(form)[0], now=NOW) == IntakeFormProblem.NOT_DRAFT

    # A new version replaces it for patients when published; the old one stops being offered.
    draft = copy_to_draft(db, ADMIN, form.id, now=NOW)
    assert remove_question(db, ADMIN, draft.id, ids(draft)[3], now=NOW) is None
    assert publish(db, ADMIN, draft.id, now=NOW) is None
    statuses = {f.id: f.status for f in forms_of_clinic(db, ADMIN)}
    assert (statuses[form.id], statuses[draft.id]) == ("retired", "published")


def test_only_the_clinics_own_admin_builds_its_forms(db) -> None:
    form = build_form(db)
    for outsider in (RIVERA, OTHER_ADMIN):
        with pytest.raises(NotFound):
            add_question(db, outsider, form.id, QUESTIONS[0], now=NOW)
        with pytest.raises(NotFound):
            publish(db, outsider, form.id, now=NOW)
    with pytest.raises(NotFound):
        forms_of_clinic(db, RIVERA)


def test_a_patient_fills_it_once_and_each_problem_is_named(db) -> None:
    form = build_form(db)
    assert publish(db, ADMIN, form.id, now=NOW) is None
    actor, patient = make_care_team_patient(db, "new.one@example.org", "Noa New", RIVERA.user_id)
    assert [f.id for f in forms_to_fill(db, actor, now=NOW)] == [form.id]
    text, choice, day, yes_no = ids(form)

    problems = submit(db, actor, form.id, {text: "  ", choice: "7", day: "31/02/2026"}, now=NOW)
    assert problems == {
        text: IntakeProblem.MISSING,
        choice: IntakeProblem.MISSING,
        day: IntakeProblem.DATE,
        yes_no: IntakeProblem.MISSING,
    }
    mine = select(IntakeResponse).where(IntakeResponse.patient_id == patient.id)
    assert db.exec(mine).all() == []  # nothing half-stored

    answers = {text: "Trouble sleeping", choice: "1", day: "", yes_no: "no"}
    assert submit(db, actor, form.id, answers, now=NOW) == {}
    assert forms_to_fill(db, actor, now=NOW) == []
    again = submit(db, actor, form.id, answers, now=NOW + timedelta(minutes=1))
    assert again == {"": IntakeProblem.GONE}  # answered once; the first one stands

    (seen,) = answered_intakes(db, RIVERA, patient.id, now=NOW)
    words = [(q["en"], answer_words(q, "en"), answer_words(q, "es")) for q in seen.answers]
    assert words == [
        ("What brings you to us?", "Trouble sleeping", "Trouble sleeping"),
        ("How did you hear of us?", "My doctor", "Mi médico"),
        ("When did this start?", "", ""),
        ("Are you in counseling now?", "No", "No"),
    ]
    # The answers keep the questions as asked, whatever the clinic does with the form later.
    draft = copy_to_draft(db, ADMIN, form.id, now=NOW)
    remove_question(db, ADMIN, draft.id, ids(draft)[1], now=NOW)
    (kept,) = answered_intakes(db, RIVERA, patient.id, now=NOW)
    assert len(kept.answers) == 4

    bundle = everything(db, actor, patient.id, now=NOW)
    (response,) = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
        and "intake-" in e["resource"]["questionnaire"]
    ]
    assert [item.get("answer") for item in response["item"]] == [
        [{"valueString": "Trouble sleeping"}],
        [{"valueString": "My doctor"}],
        None,
        [{"valueBoolean": False}],
    ]


def test_a_retired_form_takes_no_answers_and_another_clinics_team_reads_none(db) -> None:
    form = build_form(db)
    publish(db, ADMIN, form.id, now=NOW)
    actor, patient = make_care_team_patient(db, "late@example.org", "Lee Late", RIVERA.user_id)
    copy = copy_to_draft(db, ADMIN, form.id, now=NOW)
    publish(db, ADMIN, copy.id, now=NOW)  # the first is retired while the patient had it open
    first = {q["id"]: "yes" for q in form.questions}
    assert submit(db, actor, form.id, first, now=NOW) == {"": IntakeProblem.GONE}
    with pytest.raises(NotFound):
        answered_intakes(
            db, Actor(RIVERA.user_id, Role.CLINICIAN, OTHER_ADMIN.clinic_id), patient.id, now=NOW
        )


def test_it_is_offered_only_before_a_first_visit(db) -> None:
    form = build_form(db)
    publish(db, ADMIN, form.id, now=NOW)
    actor, patient = make_care_team_patient(db, "seen@example.org", "Sam Seen", RIVERA.user_id)
    visit = Appointment(
        patient_id=patient.id,
        clinician_id=RIVERA.user_id,
        clinic_id=CLINIC,
        starts_at=NOW + timedelta(days=2),
        ends_at=NOW + timedelta(days=2, hours=1),
        status=VisitStatus.BOOKED,
        created_by=RIVERA.user_id,
    )
    db.add(visit)
    db.flush()
    assert [f.id for f in forms_to_fill(db, actor, now=NOW)] == [form.id]  # still to come
    assert forms_to_fill(db, actor, now=NOW + timedelta(days=2, minutes=5)) == []  # begun
