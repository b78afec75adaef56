"""The gate owns list scope: which patients are a clinician's, who is on a patient's team,
what a caregiver has been given, and who counts as staff are asked in services/access.py only.

Written anywhere else, such a query is how a list starts to show someone else's patients (a
join that forgets the clinic, a grant that is no longer in force). So this test reads every
module of the app and fails on one.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "portal_app"
GATE = PACKAGE / "services" / "access.py"
SCOPE_TABLES = {"CareTeamMembership"}  # who is on whose care team
SCOPE_COLUMNS = {("ProxyGrant", "status"), ("Patient", "clinic_id")}
# The grants module runs a grant's life (invited, active, revoked) and so reads its status;
# what a grant in force lets a caregiver see is still asked through the gate only.
OWNS_GRANT_LIFE = {
    PACKAGE / "services" / "caregivers" / "proxy_grants.py",
    PACKAGE / "services" / "caregivers" / "guardian_links.py",  # the admin ends a link
}
# Likewise the admin's care-team screen runs a team's membership (adds and takes off); which
# patients a clinician may see is still asked through the gate only.
OWNS_TEAM_LIFE = PACKAGE / "services" / "care_team" / "team_admin.py"


def _dotted(node: ast.AST) -> tuple[str, str] | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.value.id, node.attr
    return None


def _raises_not_found(body: list[ast.stmt]) -> bool:
    return any(
        isinstance(s, ast.Raise) and s.exc is not None and "NotFound" in ast.unparse(s.exc)
        for s in body
    )


def stray_scope(source: str, *, grant_life: bool = False, team_life: bool = False) -> list[str]:
    """What in this module's code decides list scope on its own (line: what)."""
    found = []
    columns = SCOPE_COLUMNS - ({("ProxyGrant", "status")} if grant_life else set())
    tables = SCOPE_TABLES - ({"CareTeamMembership"} if team_life else set())
    for node in ast.walk(ast.parse(source)):
        pair = _dotted(node)
        if pair and pair[0] in tables:
            found.append(f"{node.lineno}: reads {pair[0]}.{pair[1]}")
        if pair in columns:
            found.append(f"{node.lineno}: filters on {pair[0]}.{pair[1]}")
        if isinstance(node, ast.Call) and ast.unparse(node.func) in {"select", "join"}:
            names = {ast.unparse(a) for a in node.args}
            if names & tables:
                found.append(f"{node.lineno}: queries {sorted(names & tables)}")
        if (
            isinstance(node, ast.If)
            and "is not Role.CLINICIAN" in ast.unparse(node.test)
            and _raises_not_found(node.body)
        ):
            found.append(f"{node.lineno}: its own clinician-only check (use require_clinician)")
    return found


def test_no_module_but_the_gate_decides_list_scope() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == GATE:
            continue
        lines = stray_scope(
            path.read_text(), grant_life=path in OWNS_GRANT_LIFE, team_life=path == OWNS_TEAM_LIFE
        )
        found += [f"{path.relative_to(PACKAGE)}:{line}" for line in lines]
    assert found == []


def test_the_rule_catches_a_stray_patient_query() -> None:
    stray = """
def my_patients(db, actor):
    if actor.role is not Role.CLINICIAN:
        raise NotFound
    return db.exec(
        select(Patient)
        .join(CareTeamMembership, CareTeamMembership.patient_id == Patient.id)
        .where(CareTeamMembership.clinician_id == actor.user_id)
    ).all()

def helped(db, me):
    return db.exec(select(ProxyGrant).where(ProxyGrant.status == "active")).all()

def clinic_list(db, actor):
    return db.exec(select(Patient).where(Patient.clinic_id == actor.clinic_id)).all()
"""
    found = stray_scope(stray)
    assert any("clinician-only" in f for f in found)
    assert any("CareTeamMembership.clinician_id" in f for f in found)
    assert any("ProxyGrant.status" in f for f in found)
    assert any("Patient.clinic_id" in f for f in found)


def test_making_a_membership_is_not_a_query() -> None:
    """Invitations and the demo seed put people on a care team: that writes, it does not list."""
    assert stray_scope("CareTeamMembership(patient_id=p, clinician_id=c)") == []
