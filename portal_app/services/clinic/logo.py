"""A clinic's logo becomes the icons of the app patients install from its hostname. The file
is checked by its content (a real PNG, JPEG or WebP, not too large), never trusted by its name,
then drawn onto squares of the sizes phones ask for: "any" icons with the logo filling most of
the square, and "maskable" ones with the logo inside the safe circle on the clinic's colour."""

from __future__ import annotations

import io
import uuid
from datetime import datetime

from PIL import Image, UnidentifiedImageError
from sqlmodel import Session, col, select

from portal_app.models import ClinicImage
from portal_app.services.access import Actor
from portal_app.services.clinic.clinic_settings import admins_clinic
from portal_app.services.common import audit
from portal_app.services.problems import LogoProblem

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4096  # larger pictures are refused before they are decoded (no decompression bomb)
MIN_SIDE = 128
FORMATS = {"PNG", "JPEG", "WEBP"}
SIZES = (192, 512)
ICON_NAMES = tuple(f"{kind}-{size}" for kind in ("icon", "maskable") for size in SIZES)


def _square(logo: Image.Image, size: int, background: str, fill: float) -> bytes:
    canvas = Image.new("RGBA", (size, size), background)
    room = int(size * fill)
    fitted = logo.copy()
    fitted.thumbnail((room, room), Image.Resampling.LANCZOS)
    canvas.alpha_composite(fitted, ((size - fitted.width) // 2, (size - fitted.height) // 2))
    out = io.BytesIO()
    canvas.convert("RGB").save(out, "PNG", optimize=True)
    return out.getvalue()


def read_logo(data: bytes) -> Image.Image | str:
    """The picture, or the catalog key of why it cannot be used."""
    if len(data) > MAX_BYTES:
        return LogoProblem.TOO_BIG
    try:
        picture = Image.open(io.BytesIO(data))
        if picture.format not in FORMATS:
            return LogoProblem.TYPE
        if max(picture.size) > MAX_SIDE:
            return LogoProblem.TOO_BIG
        if min(picture.size) < MIN_SIDE:
            return LogoProblem.TOO_SMALL
        picture.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        return LogoProblem.TYPE
    return picture.convert("RGBA")


def icons_from(logo: Image.Image, brand_colour: str) -> dict[str, bytes]:
    """The icon PNGs by name: white behind the logo for "any", the clinic's colour for the
    maskable ones (the launcher crops those to a circle or a rounded square)."""
    icons = {}
    for size in SIZES:
        icons[f"icon-{size}"] = _square(logo, size, "#ffffff", 0.88)
        icons[f"maskable-{size}"] = _square(logo, size, brand_colour, 0.6)
    return icons


def save_logo(db: Session, actor: Actor, data: bytes, *, now: datetime) -> str:
    """ "" when the clinic's icons were made from this logo, else what is wrong with it."""
    clinic = admins_clinic(db, actor)
    logo = read_logo(data)
    if isinstance(logo, str):
        return logo
    for name, png in icons_from(logo, clinic.primary_color).items():
        row = db.exec(
            select(ClinicImage).where(ClinicImage.clinic_id == clinic.id, ClinicImage.name == name)
        ).first() or ClinicImage(clinic_id=clinic.id, name=name, png=b"", updated_at=now)
        row.png, row.updated_at = png, now
        db.add(row)
    audit.record(
        db,
        "clinic.logo_changed",
        now=now,
        actor_id=actor.user_id,
        clinic_id=clinic.id,
        client_address=actor.client_address,
    )
    return ""


def clinic_icon(db: Session, clinic_id: uuid.UUID | None, name: str) -> bytes | None:
    if name not in ICON_NAMES or clinic_id is None:
        return None
    return db.exec(
        select(ClinicImage.png).where(ClinicImage.clinic_id == clinic_id, ClinicImage.name == name)
    ).first()


def has_logo(db: Session, clinic_id: uuid.UUID | None) -> bool:
    found = db.exec(select(col(ClinicImage.id)).where(ClinicImage.clinic_id == clinic_id)).first()
    return found is not None
