"""People who help me (patients) / People I help (caregivers)."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar, Var

from portal_app.components.account_sections import access_log_item
from portal_app.components.caregiver_parts import (
    permission_fields,
    permission_list,
)
from portal_app.components.ui import (
    button,
    card,
    catalog_message,
    choice_row,
    form,
    page_heading,
    paragraph,
    row_button,
    stack,
    tr,
)
from portal_app.pages.registry import portal_page
from portal_app.state.caregivers import NOTICES, PROBLEMS, GrantRow
from portal_app.state.caregivers import CaregiversState as S


def _problem(place: Var[str] | str) -> rx.Component:
    return rx.cond(S.problem_for == place, catalog_message(S.problem, PROBLEMS))


def _input(label_key: str, field_id: str, name: str, **attrs: object) -> rx.Component:
    return rx.fragment(
        rx.el.label(tr(label_key), html_for=field_id, class_name="field-label"),
        rx.el.input(id=field_id, name=name, class_name="field-input", **attrs),
    )


def _grant(row: ObjectVar[GrantRow]) -> rx.Component:
    change_id = f"change-{row.id}"
    return rx.el.li(
        rx.el.h3(row.name, class_name="user-text"),
        rx.el.p(
            rx.cond(row.relationship != "", rx.el.span(row.relationship, " · ")),
            row.email,
            class_name="message-meta user-text",
        ),
        rx.cond(
            row.status == "invited",
            rx.el.p(tr("caregivers.waiting"), class_name="badge"),
            rx.el.p(tr("caregivers.active"), class_name="badge badge-better"),
        ),
        rx.cond(row.kind == "guardian", paragraph("caregivers.guardian_note")),
        rx.cond(row.ends_on != "", rx.el.p(tr("caregivers.until"), " ", row.ends_on)),
        rx.el.p(rx.el.strong(tr("caregivers.they_can"))),
        permission_list(row.permissions),
        rx.cond(
            row.hidden.length() > 0,
            rx.fragment(
                rx.el.p(rx.el.strong(tr("caregivers.they_cannot"))),
                permission_list(row.hidden),
                button(
                    "caregivers.let_see",
                    variant="secondary",
                    icon="eye",
                    on_click=S.teen_choice(row.id, True),
                ),
            ),
        ),
        rx.cond(
            (row.kind == "guardian") & row.teen_agreed,
            button(
                "caregivers.hide_again",
                variant="secondary",
                icon="eye-off",
                on_click=S.teen_choice(row.id, False),
            ),
        ),
        rx.cond(
            row.kind == "patient",
            rx.el.details(
                rx.el.summary(tr("caregivers.change"), class_name="btn btn-secondary"),
                form(
                    rx.el.input(type="hidden", name="grant_id", value=row.id),
                    permission_fields(change_id, row.permissions),
                    _input(
                        "caregivers.ends_label",
                        change_id + "-ends",
                        "ends_on",
                        type="date",
                        default_value=row.ends_on,
                    ),
                    _problem(row.id),
                    button("caregivers.save_change", button_type="submit", icon="save"),
                    key=S.form_key.to_string(),
                    on_submit=S.change_access,
                    class_name="stack",
                    no_validate=True,
                ),
            ),
        ),
        rx.cond(
            row.kind == "patient",
            row_button("caregivers.stop", row.name, on_click=S.revoke(row.id), icon="user-x"),
        ),
        class_name="list-row stack",
    )


def _invite_form() -> rx.Component:
    return card(
        "caregivers.invite_title",
        paragraph("caregivers.invite_intro"),
        form(
            _input("caregivers.name_label", "cg-name", "name", max_length=120),
            _input(
                "caregivers.email_label", "cg-email", "email", type="email", auto_complete="off"
            ),
            _input(
                "caregivers.relationship_label", "cg-relationship", "relationship", max_length=60
            ),
            permission_fields("invite"),
            _input("caregivers.ends_label", "cg-ends", "ends_on", type="date"),
            _problem("invite"),
            button("caregivers.send_invite", button_type="submit", icon="send"),
            key=S.form_key.to_string(),
            on_submit=S.invite,
            class_name="stack",
            no_validate=True,
        ),
    )


def _looked() -> rx.Component:
    return card(
        "caregivers.looked_title",
        rx.cond(
            S.looked.length() > 0,
            rx.el.ul(rx.foreach(S.looked, access_log_item), class_name="list"),
            paragraph("caregivers.looked_none"),
        ),
    )


def _consent() -> rx.Component:
    return card(
        "consent.title",
        paragraph("consent.intro"),
        rx.foreach(
            S.consents,
            lambda c: rx.el.div(
                rx.el.p(
                    rx.el.strong(rx.cond(c["to"] != "", c["to"], tr("consent.to_export"))),
                    " · ",
                    c["purpose"],
                    class_name="user-text",
                ),
                rx.el.p(
                    tr("consent.given_on"),
                    " ",
                    c["given"],
                    " · ",
                    tr("consent.until"),
                    " ",
                    c["until"],
                ),
                row_button(
                    "consent.withdraw", c["to"], on_click=S.withdraw_consent(c["id"]), icon="x"
                ),
                class_name="team-note",
            ),
        ),
        rx.el.details(
            rx.el.summary(tr("consent.give"), class_name="btn btn-secondary"),
            form(
                rx.el.fieldset(
                    rx.el.legend(tr("consent.who")),
                    rx.foreach(S.consent_targets, lambda t: choice_row("to", t["id"], t["name"])),
                    choice_row("to", "export", tr("consent.to_export")),
                    class_name="choices",
                ),
                _input("consent.purpose_label", "consent-purpose", "purpose", max_length=300),
                _input("consent.until_label", "consent-until", "until", type="date"),
                paragraph("consent.notice_hint", class_name="field-hint"),
                _problem("consent"),
                button("consent.save", button_type="submit", icon="file-check"),
                key=S.form_key.to_string(),
                on_submit=S.give_consent,
                class_name="stack",
                no_validate=True,
            ),
        ),
    )


def _patient_view() -> rx.Component:
    return rx.fragment(
        card(
            "caregivers.mine_title",
            rx.cond(
                S.age_stage == "teen",
                rx.el.div(paragraph("caregivers.teen_private"), class_name="notice"),
            ),
            rx.cond(
                S.grants.length() > 0,
                rx.el.ul(rx.foreach(S.grants, _grant), class_name="list"),
                paragraph("caregivers.none"),
            ),
        ),
        _invite_form(),
        _looked(),
        # Part 2 consent is an adult's legal choice; a teen's page keeps to what they need.
        rx.cond(S.age_stage == "adult", _consent()),
    )


def _caregiver_view() -> rx.Component:
    return rx.fragment(
        rx.cond(
            S.invitations.length() > 0,
            card(
                "caregivers.invitations_title",
                rx.el.ul(
                    rx.foreach(
                        S.invitations,
                        lambda i: rx.el.li(
                            rx.el.p(rx.el.strong(i["name"]), " ", tr("caregivers.asks_you")),
                            rx.el.div(
                                row_button(
                                    "caregivers.accept",
                                    i["name"],
                                    on_click=S.answer(i["id"], True),
                                    icon="check",
                                    variant="primary",
                                ),
                                row_button(
                                    "caregivers.decline",
                                    i["name"],
                                    on_click=S.answer(i["id"], False),
                                    icon="x",
                                ),
                                class_name="button-row",
                            ),
                            class_name="list-row",
                        ),
                    ),
                    class_name="list",
                ),
            ),
        ),
        card(
            "caregivers.helping_title",
            rx.cond(
                S.people.length() > 0,
                rx.el.ul(
                    rx.foreach(
                        S.people,
                        lambda p: rx.el.li(
                            rx.el.p(rx.el.strong(p["name"])),
                            rx.cond(
                                p["current"] == "yes",
                                rx.el.p(tr("caregivers.helping_now"), class_name="badge"),
                                row_button(
                                    "caregivers.help",
                                    p["name"],
                                    on_click=S.switch_to(p["id"]),
                                    icon="user-check",
                                    variant="primary",
                                ),
                            ),
                            class_name="list-row",
                        ),
                    ),
                    class_name="list",
                ),
                paragraph("caregivers.nobody_yet"),
            ),
        ),
    )


@portal_page("/caregivers", "caregivers.title", active="more", on_load=(S.load_caregivers,))
def caregivers() -> rx.Component:
    return stack(
        page_heading("caregivers.title"),
        catalog_message(S.notice, NOTICES, tone="info"),
        rx.cond(
            (S.problem_for == "answer") | (S.problem_for == "switch"),
            catalog_message(S.problem, PROBLEMS),
        ),
        rx.cond(S.is_caregiver, _caregiver_view(), _patient_view()),
    )
