"""Download my record over real HTTP: a valid FHIR Bundle for the patient (`me`) and their
care team, the same 404 for everyone else, nothing without a session."""

from __future__ import annotations

from fhir.resources.R4B.bundle import Bundle

from portal_app.services.demo_seed import demo_id
from tests.api.test_attachment_routes import headers_for

ALEX = demo_id("patient", "alex@example.org")
EVERYTHING = "/api/fhir/Patient/{}/$everything"


def test_the_patient_downloads_their_own_record(client) -> None:
    response = client.get(
        EVERYTHING.format("me"), headers=headers_for(demo_id("user", "alex@example.org"))
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/fhir+json")
    assert response.headers["content-disposition"].startswith("attachment;")
    bundle = Bundle.model_validate(response.json())
    assert bundle.entry[0].resource.id == str(ALEX)


def test_the_care_team_may_others_may_not(client) -> None:
    chen = headers_for(demo_id("user", "dr.chen@example.org"))
    assert client.get(EVERYTHING.format(ALEX), headers=chen).status_code == 200
    for outsider in ("jordan@example.org", "admin@example.org", "sam@example.org"):
        headers = headers_for(demo_id("user", outsider))
        assert client.get(EVERYTHING.format(ALEX), headers=headers).status_code == 404
    assert client.get(EVERYTHING.format("not-an-id"), headers=chen).status_code == 404
    assert client.get(EVERYTHING.format(ALEX)).status_code in (401, 404)
