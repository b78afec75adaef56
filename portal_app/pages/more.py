"""More: everything that does not fit in the phone's bottom bar."""

from __future__ import annotations

import reflex as rx

from portal_app.components.ui import button, link_button, page_heading, stack, tr
from portal_app.components.ui.icon import svg_icon
from portal_app.pages.registry import portal_page
from portal_app.state.viewer import ViewerState

# The clinic admin's pages, in the order a new clinic needs them.
ADMIN_LINKS = (
    ("nav.admin_requests", "/admin/requests", "user-plus"),
    ("nav.admin_people", "/admin/people", "user-plus"),
    ("nav.admin_clinic", "/admin/clinic", "settings"),
    ("nav.admin_staff", "/admin/staff", "users"),
    ("nav.admin_sso", "/admin/sso", "key-round"),
    ("nav.admin_care", "/admin/care-teams", "user-check"),
    ("nav.admin_intake", "/admin/intake", "clipboard-list"),
    ("nav.admin_brand", "/admin/brand", "pencil"),
    ("nav.admin_website", "/admin/website", "globe"),
    ("nav.admin_audit", "/admin/audit", "list-checks"),
)


@portal_page("/more", "more.title", active="more", public=True)
def more() -> rx.Component:
    return stack(
        page_heading("more.title"),
        rx.el.div(
            link_button("nav.settings", "/settings", variant="secondary", icon="settings"),
            link_button("nav.help", "/help", variant="secondary", icon="circle-help"),
            link_button("skills.title", "/skills", variant="secondary", icon="wind"),
            link_button("reading.title", "/learn", variant="secondary", icon="book-open"),
            link_button("community.title", "/community", variant="secondary", icon="globe"),
            rx.cond(
                ViewerState.role != "clinic_admin",
                rx.cond(
                    ViewerState.signed_in,
                    link_button("groups.title", "/groups", variant="secondary", icon="users"),
                ),
            ),
            rx.cond(
                ViewerState.signed_in,
                link_button("nav.account", "/account", variant="secondary", icon="user"),
            ),
            rx.cond(
                ViewerState.role == "clinician",
                link_button("nav.alerts", "/alerts", variant="secondary", icon="siren"),
            ),
            rx.cond(
                (ViewerState.role == "clinician") | (ViewerState.role == "patient"),
                link_button("nav.trends", "/trends", variant="secondary", icon="chart-line"),
            ),
            rx.cond(
                (ViewerState.role == "clinician") | (ViewerState.role == "patient"),
                link_button("nav.medicines", "/medicines", variant="secondary", icon="pill"),
            ),
            rx.cond(
                (ViewerState.role == "clinician") | (ViewerState.role == "patient"),
                link_button(
                    "nav.appointments", "/appointments", variant="secondary", icon="calendar"
                ),
            ),
            rx.cond(
                ViewerState.role == "patient",
                link_button("nav.reminders", "/reminders", variant="secondary", icon="bell"),
            ),
            rx.cond(
                ViewerState.role == "patient",
                link_button("nav.plan", "/plan", variant="secondary", icon="list-checks"),
            ),
            rx.cond(
                ViewerState.role == "patient",
                link_button("safety.title", "/safety-plan", variant="secondary", icon="shield"),
            ),
            rx.cond(
                ViewerState.role == "patient",
                link_button("nav.records", "/records", variant="secondary", icon="folder-open"),
            ),
            rx.cond(
                ViewerState.role == "patient",
                link_button("nav.caregivers", "/caregivers", variant="secondary", icon="users"),
            ),
            rx.cond(
                ViewerState.role == "caregiver",
                link_button("nav.people_i_help", "/caregivers", variant="secondary", icon="users"),
            ),
            rx.cond(
                ViewerState.role == "patient",
                rx.el.a(
                    svg_icon("download", size=22, class_name="btn-icon"),
                    tr("record.download"),
                    href="/api/fhir/Patient/me/$everything",
                    class_name="btn btn-secondary",
                    # A real request to the server (Reflex would route a link inside the app).
                    custom_attrs={"reloadDocument": True},
                ),
            ),
            rx.cond(
                ViewerState.role == "patient",
                rx.el.a(
                    svg_icon("printer", size=22, class_name="btn-icon"),
                    tr("record.summary"),
                    href="/api/record/summary",
                    target="_blank",
                    class_name="btn btn-secondary",
                    custom_attrs={"reloadDocument": True},
                ),
            ),
            rx.cond(
                ViewerState.role == "patient",
                link_button(
                    "check_in.questionnaires_link",
                    "/questionnaires",
                    variant="secondary",
                    icon="clipboard-list",
                ),
            ),
            rx.cond(
                ViewerState.role == "clinic_admin",
                rx.fragment(
                    *(
                        link_button(key, path, variant="secondary", icon=icon)
                        for key, path, icon in ADMIN_LINKS
                    )
                ),
            ),
            rx.cond(
                ViewerState.signed_in,
                button("nav.sign_out", variant="secondary", icon="log-out", data={"sign-out": ""}),
                link_button("nav.sign_in", "/sign-in", variant="secondary", icon="log-in"),
            ),
            class_name="button-list",
        ),
    )
