"""The newer measures as patients and the care team meet them: each definition fits its scoring
rule, the EPDS waits for the clinic's licensed texts, EPDS item 10 raises the same alert as
PHQ-9 item 9 (the reverse-scored way round), and trends, the panel, the report and the FHIR
export carry every measure with its own meaningful change."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire
from sqlmodel import select

from portal_app.content.catalog import LANGUAGES
from portal_app.content.instruments import (
    ASSIGNABLE,
    INSTRUMENT_IDS,
    available,
    instrument,
    item_answers,
    licensed_folder,
    questionnaire_resource,
)
from portal_app.content.scoring_rules import scoring_rule
from portal_app.models import QuestionnaireResponse, RiskAlert, Role
from portal_app.services.access import Actor, NotFound
from portal_app.services.care_team.care_panel import care_panel
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.measures.assignments import assign
from portal_app.services.measures.journal import sync
from portal_app.services.measures.progress_report import progress_of
from portal_app.services.measures.scoring import is_risk_answer, score
from portal_app.services.measures.trends import trends_for
from portal_app.services.records.fhir_export import everything
from portal_app.settings import get_settings
from tests.factories import answers_entry, make_care_team_patient
from tests.licensed_texts import epds_placeholder_texts, install_epds_texts

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
RIVERA_ID = demo_id("user", "dr.rivera@example.org")
RULED = ("pcl5", "audit", "auditc", "epds")


@pytest.fixture
def epds_texts() -> Path:
    return install_epds_texts(licensed_folder())


@pytest.fixture
def no_licensed_texts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PORTAL_LICENSED_TEXTS_DIR", str(tmp_path / "empty"))
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.mark.parametrize("name", RULED)
def test_each_definition_offers_exactly_the_options_its_rule_scores(name: str, epds_texts) -> None:
    definition, rule = instrument(name), scoring_rule(name)
    assert len(definition["items"]) == len(rule["items"])
    for item, scored in zip(definition["items"], rule["items"], strict=True):
        options = item_answers(definition, item)
        assert [o["value"] for o in options] == list(range(len(scored["scores"])))
        for text in (item["text"], *(o["text"] for o in options)):
            assert all(text[lang].strip() for lang in LANGUAGES)


def test_the_audit_c_is_the_first_three_audit_questions() -> None:
    audit, auditc = instrument("audit"), instrument("auditc")
    for full, short in zip(audit["items"][:3], auditc["items"], strict=True):
        assert full["text"] == short["text"]
        assert [a["text"] for a in full["answers"]] == [a["text"] for a in short["answers"]]


@pytest.mark.parametrize("name", INSTRUMENT_IDS)
def test_every_measure_is_a_valid_fhir_questionnaire_read_back_whole(name: str) -> None:
    """The files are FHIR R4B as written (fhir.resources validates), and reading them back
    gives each question, option and skip rule the screens use."""
    resource = questionnaire_resource(name)
    Questionnaire.model_validate(resource)
    assert resource["url"] == f"https://steady.invalid/Questionnaire/{name}"
    questions = [i for i in resource["item"] if i["type"] == "choice"]
    definition = instrument(name)
    assert [q["linkId"] for q in questions] == [i["id"] for i in definition["items"]]
    for question, item in zip(questions, definition["items"], strict=True):
        assert len(question["answerOption"]) == len(item_answers(definition, item))
    if name == "cssrs":  # "how", "intent" and "plan" are asked only after a "yes" to thoughts
        asked_if = {i["id"]: i.get("asked_if") for i in definition["items"]}
        assert asked_if["cssrs_3"] == {"item": "cssrs_2", "equals": 1}
        assert asked_if["cssrs_1"] is None


def test_the_epds_is_not_offered_until_the_clinic_adds_its_licensed_texts(
    no_licensed_texts, db
) -> None:
    assert not available("epds") and available("pcl5")
    shipped = instrument("epds")
    assert all(item["text"] is None for item in shipped["items"])  # no wording in the project
    actor, _patient = make_care_team_patient(db, "ep.none@example.org", "Eve Pending", RIVERA_ID)
    result = sync(db, actor, [answers_entry("epds", [3] * 10, NOW)], now=NOW)
    assert result.accepted == [] and result.rejected[0]["problem"] == "questionnaire not offered"

    install_epds_texts(licensed_folder())  # an admin adds them: offered at once, no restart
    assert available("epds")
    assert instrument("epds")["items"][9]["text"]["en"] == "EPDS question 10 (clinic text)"


def test_licensed_texts_that_do_not_fit_are_refused_plainly(no_licensed_texts) -> None:
    texts = epds_placeholder_texts()
    texts["items"][4]["answers"].pop()  # question 5 with three choices
    folder = licensed_folder()
    folder.mkdir(parents=True)
    (folder / "epds.json").write_text(json.dumps(texts), "utf-8")
    assert not available("epds")


@pytest.mark.parametrize(
    ("position", "scores", "risk"),
    [(0, 3, True), (1, 2, True), (2, 1, True), (3, 0, False)],  # item 10 is reverse-scored
)
def test_epds_item_10_is_a_risk_answer_by_its_score_not_its_place(
    epds_texts, position: int, scores: int, risk: bool
) -> None:
    definition = instrument("epds")
    assert is_risk_answer(definition, 9, position) is risk
    assert not is_risk_answer(definition, 8, 0)  # item 9 scores 3 there, but is not the risk item
    answers = [None] * 9 + [position]
    assert score("epds", answers).item9_positive is risk  # read before the rest is answered
    full = [1, 1, 2, 1, 2, 2, 2, 2, 2, position]  # items 1, 2, 4 in order; 3, 5-9 reversed
    assert score("epds", full).total == 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + scores


def test_epds_item_10_raises_the_alert_at_once_and_the_screener_sets_its_level(
    db, epds_texts
) -> None:
    actor, patient = make_care_team_patient(db, "ep.ten@example.org", "Eve Ten", RIVERA_ID)
    unfinished = answers_entry("epds", [None] * 9 + [1], NOW, submitted=False)
    assert sync(db, actor, [unfinished], now=NOW).alerts == 1
    alert = db.exec(select(RiskAlert).where(RiskAlert.patient_id == patient.id)).one()
    assert (alert.reason, alert.level) == ("epds_item10", "pending")

    screener = answers_entry("cssrs", [1, 1, 0, 0, 0, 0, None], NOW + timedelta(minutes=2))
    sync(db, actor, [screener], now=NOW + timedelta(minutes=2))
    db.refresh(alert)
    assert alert.level == "low"  # the one alert, now with the screener's level (thoughts only)
    assert len(db.exec(select(RiskAlert).where(RiskAlert.patient_id == patient.id)).all()) == 1


def test_epds_item_10_never_answered_yes_raises_nothing(db, epds_texts) -> None:
    actor, patient = make_care_team_patient(db, "ep.no@example.org", "Eve No", RIVERA_ID)
    assert sync(db, actor, [answers_entry("epds", [0, 0, 3, 0, 3, 3, 3, 3, 3, 3], NOW)], now=NOW)
    assert db.exec(select(RiskAlert).where(RiskAlert.patient_id == patient.id)).all() == []
    stored = db.exec(
        select(QuestionnaireResponse).where(QuestionnaireResponse.patient_id == patient.id)
    ).one()
    assert (stored.total, stored.positive, stored.item9_positive) == (0, False, False)
    assert stored.details == {
        "instrument": "epds",
        "total": 0,
        "positive": False,
        "item10_positive": False,
        "complete": True,
    }


def pcl5_entries(totals: list[int]) -> list[dict]:
    return [
        answers_entry(
            "pcl5",
            [min(4, max(0, t - 4 * i)) for i in range(20)],
            NOW - timedelta(days=len(totals) - n),
        )
        for n, t in enumerate(totals)
    ]


@pytest.mark.parametrize(("before", "latest", "rising"), [(20, 29, False), (20, 30, True)])
def test_a_pcl5_rise_counts_at_its_own_meaningful_change(
    db, before: int, latest: int, rising: bool
) -> None:
    actor, patient = make_care_team_patient(
        db, f"pcl.{latest}@example.org", f"Pat Stress {latest}", RIVERA_ID
    )
    sync(db, actor, pcl5_entries([before, latest]), now=NOW)
    rivera = __import__("portal_app.services.access", fromlist=["Actor"]).Actor(
        RIVERA_ID,
        __import__("portal_app.models", fromlist=["Role"]).Role.CLINICIAN,
        patient.clinic_id,
    )
    found = trends_for(db, rivera, patient.id, 30, now=NOW)
    assert [p.value for p in found.scores["pcl5"]] == [before, latest]
    assert found.rising["pcl5"] is rising
    row = next(
        r for r in care_panel(db, rivera, now=NOW, today=NOW.date()) if r.patient_id == patient.id
    )
    assert ("pcl5" in row.rising) is rising and row.scores["pcl5"] == (latest, before)
    (report,) = [p for p in progress_of(db, rivera, patient.id, now=NOW) if p.instrument == "pcl5"]
    assert (report.change, report.direction) == (latest - before, "worse" if rising else "same")


def test_the_fhir_export_codes_each_total_with_its_loinc_code_or_plain_words(db) -> None:
    actor, patient = make_care_team_patient(db, "fhir.m@example.org", "Fay Measures", RIVERA_ID)
    sync(
        db,
        actor,
        [
            answers_entry("audit", [1, 1, 1, 0, 0, 0, 0, 0, 0, 2], NOW - timedelta(hours=2)),
            answers_entry("auditc", [2, 1, 0], NOW - timedelta(hours=1)),
            *pcl5_entries([12]),
        ],
        now=NOW,
    )
    bundle = everything(db, actor, patient.id, now=NOW)
    totals = {
        e["resource"]["valueInteger"]: e["resource"]["code"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation" and "derivedFrom" in e["resource"]
    }
    assert totals[7]["coding"][0]["code"] == "75624-7"  # AUDIT: 1+1+1 and item 10 at 4
    assert totals[3]["coding"][0]["code"] == "75626-2"  # AUDIT-C
    assert totals[12] == {"text": "PCL-5 total score"}  # no LOINC code found: none invented


def test_a_clinician_schedules_every_measure_but_the_epds_needs_its_texts(
    db, no_licensed_texts
) -> None:
    _actor, patient = make_care_team_patient(db, "sched@example.org", "Sam Sched", RIVERA_ID)
    rivera = Actor(RIVERA_ID, Role.CLINICIAN, patient.clinic_id)
    for name in ASSIGNABLE:
        if name == "epds":
            with pytest.raises(NotFound):
                assign(db, rivera, patient.id, name, 14, now=NOW)
        else:
            assert assign(db, rivera, patient.id, name, 14, now=NOW).instrument == name
