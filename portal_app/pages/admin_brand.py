"""The clinic's look and numbers, for clinic admins: what patients see on every page, in the
offline pages, in emails and in the app they install."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var

from portal_app.components.file_picker import file_picker
from portal_app.components.ui import (
    button,
    catalog_message,
    choice_row,
    form,
    page_heading,
    paragraph,
    stack,
    text_field,
    tr,
)
from portal_app.pages.registry import portal_page
from portal_app.state.clinic_brand import LOGO_MAX_BYTES, LOGO_PROBLEMS, PROBLEMS
from portal_app.state.clinic_brand import ClinicBrandState as S

ZONES = (
    ("America/New_York", "brand.zone.eastern"),
    ("America/Chicago", "brand.zone.central"),
    ("America/Denver", "brand.zone.mountain"),
    ("America/Phoenix", "brand.zone.arizona"),
    ("America/Los_Angeles", "brand.zone.pacific"),
    ("America/Anchorage", "brand.zone.alaska"),
    ("Pacific/Honolulu", "brand.zone.hawaii"),
    ("America/Puerto_Rico", "brand.zone.puerto_rico"),
)


def _radio(name: str, value: str, label_key: str) -> rx.Component:
    return choice_row(name, value, tr(label_key), checked=S.chosen[name] == value)


def _group(legend: str, name: str, options: tuple[tuple[str, str], ...]) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(tr(legend)),
        *(_radio(name, value, key) for value, key in options),
        class_name="choices",
    )


def _swatch(colour: Var[str] | str) -> rx.Component:
    return rx.el.span(class_name="swatch", style={"background": colour}, aria_hidden="true")


def _field(label: str, name: str, hint: str | None = None, kind: str = "text") -> rx.Component:
    return text_field(label, name, hint_key=hint, input_type=kind, value=S.chosen[name])


LOGO_TYPES = {"image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"], "image/webp": [".webp"]}
LOGO_UPLOAD = "clinic-logo"


def _logo() -> rx.Component:
    """Saved at once, apart from the form below: the picture is checked and made into icons."""
    return rx.el.section(
        rx.el.h2(tr("brand.logo_title"), class_name="card-title"),
        paragraph("brand.logo_hint"),
        rx.cond(
            S.has_logo,
            rx.el.img(
                src="/clinic-icons/icon-192.png?v=" + S.logo_version.to_string(),
                alt="",
                width="96",
                height="96",
                class_name="logo-preview",
            ),
        ),
        file_picker(
            LOGO_UPLOAD,
            "brand.logo_choose",
            on_drop=S.upload_logo(rx.upload_files(upload_id=LOGO_UPLOAD)),
            on_drop_rejected=S.logo_refused,
            variant="secondary",
            accept=LOGO_TYPES,
            max_size=LOGO_MAX_BYTES,
        ),
        catalog_message(S.logo_problem, LOGO_PROBLEMS),
        catalog_message(
            rx.cond(S.logo_saved, "brand.logo_saved", ""), ("brand.logo_saved",), tone="info"
        ),
        class_name="card stack",
    )


@portal_page("/admin/brand", "brand.title", active="more", on_load=(S.load_brand,))
def admin_brand() -> rx.Component:
    return stack(
        page_heading("brand.title", "brand.intro"),
        rx.cond(S.allowed, _logo()),
        rx.cond(
            S.allowed,
            form(
                rx.el.h2(tr("brand.look_title")),
                _field("brand.name_label", "name", "brand.name_hint"),
                rx.el.div(_swatch(S.chosen["primary_color"]), class_name="swatch-row"),
                _field("brand.primary_label", "primary_color", "brand.primary_hint"),
                rx.el.div(_swatch(S.chosen["accent_color"]), class_name="swatch-row"),
                _field("brand.accent_label", "accent_color", "brand.accent_hint"),
                rx.el.h2(tr("brand.numbers_title")),
                _field("brand.phone_label", "phone", "brand.phone_hint", "tel"),
                _field(
                    "brand.after_hours_label", "after_hours_phone", "brand.after_hours_hint", "tel"
                ),
                _field(
                    "brand.after_hours_es_label",
                    "after_hours_phone_es",
                    "brand.after_hours_es_hint",
                    "tel",
                ),
                _group(
                    "brand.reply_legend",
                    "usual_reply_hours",
                    (("24", "brand.reply.24"), ("48", "brand.reply.48"), ("72", "brand.reply.72")),
                ),
                rx.el.h2(tr("brand.place_title")),
                _group("brand.zone_legend", "timezone", ZONES),
                _group(
                    "brand.language_legend",
                    "default_language",
                    (("en", "brand.language.en"), ("es", "brand.language.es")),
                ),
                catalog_message(S.problem, PROBLEMS),
                catalog_message(rx.cond(S.saved, "brand.saved", ""), ("brand.saved",), tone="info"),
                button("brand.save", button_type="submit", icon="check"),
                key=S.form_key.to_string(),
                on_submit=S.save,
                reset_on_submit=False,
                class_name="card stack",
                no_validate=True,
            ),
            paragraph("admin.not_allowed"),
        ),
    )
