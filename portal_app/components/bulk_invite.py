"""The admin's "invite many people from a file" card: what the file needs, the file button,
the dry run's bad rows (each with its line and what to fix), and the one button that invites
everyone once every row is good. Everything it says is said inside the card, in view."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.file_picker import CSV, file_picker
from portal_app.components.ui import button, card, catalog_message, paragraph, tr
from portal_app.state.admin_bulk import FILE_PROBLEMS, ROW_PROBLEMS
from portal_app.state.admin_bulk import BulkInviteState as S
from portal_app.state.messages import MAX_FILE_BYTES

UPLOAD_ID = "bulk-invite-file"
EXAMPLE = (
    "email,name,role,date_of_birth,care_team_email\n"
    "lee@example.org,Lee Park,patient,1990-04-12,dr.rivera@example.org\n"
    "nurse@example.org,Robin Diaz,clinician,,"
)


def _bad_row(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.el.strong(tr("bulk.line"), " ", row["line"], ": ", row["email"]),
        *(rx.cond(row["problem"] == key, rx.el.p(tr(key))) for key in ROW_PROBLEMS),
        class_name="list-row",
    )


def bulk_invite_card() -> rx.Component:
    return card(
        "bulk.title",
        paragraph("bulk.intro"),
        paragraph("bulk.example"),
        rx.el.pre(EXAMPLE, class_name="example-file"),
        file_picker(
            UPLOAD_ID,
            "bulk.choose_file",
            on_drop=S.read_file(rx.upload_files(upload_id=UPLOAD_ID)),
            on_drop_rejected=S.file_refused,
            variant="secondary",
            accept=CSV,
            max_size=min(MAX_FILE_BYTES, 200_000),
        ),
        catalog_message(S.file_problem, FILE_PROBLEMS),
        rx.cond(
            S.bad_rows.length() > 0,
            rx.el.div(
                rx.el.p(tr("bulk.fix_rows"), class_name="message message-error"),
                rx.el.ul(rx.foreach(S.bad_rows, _bad_row), class_name="list"),
                role="alert",
            ),
        ),
        rx.cond(
            S.ready > 0,
            rx.el.div(
                rx.el.p(tr("bulk.ready"), " ", S.ready),
                button("bulk.invite_all", icon="send", on_click=S.invite_all),
                class_name="message message-info stack",
            ),
        ),
        rx.el.div(
            rx.cond(S.invited > 0, rx.el.p(tr("bulk.invited"), " ", S.invited)),
            role="status",
            class_name=rx.cond(S.invited > 0, "message message-info", "message"),
        ),
    )
