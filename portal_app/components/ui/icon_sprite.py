"""Build assets/icons.svg from Lucide's own SVG files: `make icons` (run it after adding a
name to ICON_NAMES). Lucide comes from the npm registry, pinned to the version Reflex's
icon component uses, so the pictures stay the ones people have seen."""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from portal_app.components.ui.icon import ICON_NAMES, SPRITE

LUCIDE = "lucide-static@1.26.0"
SHAPES = re.compile(r"<svg[^>]*>(.*)</svg>", re.S)
# Lucide's drawing style, on each symbol: what a <use> shows comes from the symbol itself.
STROKE = (
    'fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" '
    'stroke-linejoin="round"'
)


def symbol(name: str, svg: str) -> str:
    found = SHAPES.search(svg)
    if found is None:
        raise ValueError(f"{name}.svg has no <svg> element")
    shapes = " ".join(line.strip() for line in found.group(1).strip().splitlines())
    return f'<symbol id="{name}" viewBox="0 0 24 24" {STROKE}>{shapes}</symbol>'


def build(icons_dir: Path) -> str:
    symbols = "\n".join(
        symbol(name, (icons_dir / f"{name}.svg").read_text("utf-8")) for name in ICON_NAMES
    )
    return (
        f"<!-- Icons from {LUCIDE} (ISC licence, https://lucide.dev/license); "
        "built by `make icons` from ICON_NAMES in portal_app/components/ui/icon.py. -->\n"
        '<svg xmlns="http://www.w3.org/2000/svg">\n'
        f"{symbols}\n</svg>\n"
    )


def main() -> int:
    npm = Path(sys.executable).parent / "npm"
    with tempfile.TemporaryDirectory() as folder:
        packed = subprocess.run(  # noqa: S603 - this venv's npm, a pinned package
            [str(npm), "pack", LUCIDE, "--silent"], cwd=folder, check=True,
            capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]  # fmt: skip
        with tarfile.open(Path(folder) / packed) as archive:
            archive.extractall(folder, filter="data")
        SPRITE.write_text(build(Path(folder) / "package" / "icons"), "utf-8")
    print(f"{SPRITE}: {len(ICON_NAMES)} icons")
    return 0


if __name__ == "__main__":
    sys.exit(main())
