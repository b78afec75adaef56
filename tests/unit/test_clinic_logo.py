"""A clinic's logo becomes its app icons: checked by content (not by name), refused kindly
when it cannot be used, drawn at the sizes phones ask for, kept per clinic."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from PIL import Image

from portal_app.models import Role
from portal_app.services.access import Actor, NotFound
from portal_app.services.clinic.demo_second_clinic import SECOND_CLINIC_SLUG
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.clinic.logo import ICON_NAMES, clinic_icon, has_logo, save_logo
from portal_app.services.problems import LogoProblem
from tests.factories import DEMO_CLINIC

T0 = datetime(2026, 12, 5, 13, 0, tzinfo=UTC)
ADMIN = Actor(demo_id("user", "admin@example.org"), Role.CLINIC_ADMIN, DEMO_CLINIC)
HARBOR = demo_id("clinic", SECOND_CLINIC_SLUG)


def picture(width: int, height: int, kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#2f6f4e").save(out, kind)
    return out.getvalue()


def test_a_logo_becomes_every_app_icon_for_its_clinic_only(db) -> None:
    assert save_logo(db, ADMIN, picture(600, 300, "JPEG"), now=T0) == ""
    for name in ICON_NAMES:
        icon = Image.open(io.BytesIO(clinic_icon(db, DEMO_CLINIC, name)))
        size = int(name.rsplit("-", 1)[1])
        assert (icon.format, icon.size) == ("PNG", (size, size))
    maskable = Image.open(io.BytesIO(clinic_icon(db, DEMO_CLINIC, "maskable-192"))).convert("RGB")
    assert maskable.getpixel((2, 2)) == (29, 78, 137)  # the clinic's colour around the logo
    assert has_logo(db, DEMO_CLINIC) and not has_logo(db, HARBOR)
    assert clinic_icon(db, HARBOR, "icon-192") is None
    assert clinic_icon(db, DEMO_CLINIC, "../secret") is None


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"%PDF-1.7 not a picture", LogoProblem.TYPE),
        (picture(300, 300, "GIF"), LogoProblem.TYPE),
        (picture(64, 64), LogoProblem.TOO_SMALL),
        (picture(5000, 200), LogoProblem.TOO_BIG),
        (b"\x89PNG" + b"0" * (2 * 1024 * 1024), LogoProblem.TOO_BIG),
    ],
)
def test_a_file_that_cannot_be_a_logo_is_refused_and_nothing_changes(db, data, problem) -> None:
    assert save_logo(db, ADMIN, data, now=T0) == problem
    assert not has_logo(db, DEMO_CLINIC)


def test_only_the_clinics_admin_changes_its_logo(db) -> None:
    clinician = Actor(demo_id("user", "dr.rivera@example.org"), Role.CLINICIAN, DEMO_CLINIC)
    with pytest.raises(NotFound):
        save_logo(db, clinician, picture(300, 300), now=T0)
