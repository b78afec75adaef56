"""Stand-in texts for the EPDS, which the project may not republish (docs/measures.md): a clinic
with the licence supplies the real ones in the same shape. These placeholders say what they
are, so nothing here can be mistaken for the scale's wording."""

from __future__ import annotations

import json
from pathlib import Path

EPDS_ITEMS = 10


def epds_placeholder_texts() -> dict[str, object]:
    return {
        "stem": {"en": "In the past 7 days:", "es": "En los últimos 7 días:"},
        "items": [
            {
                "text": {"en": f"EPDS question {n} (clinic text)", "es": f"EPDS pregunta {n}"},
                "answers": [
                    {"en": f"Choice {chr(65 + i)} of question {n}", "es": f"Opción {chr(65 + i)}"}
                    for i in range(4)
                ],
            }
            for n in range(1, EPDS_ITEMS + 1)
        ],
    }


def install_epds_texts(folder: Path) -> Path:
    """Write the stand-in texts where the portal reads a clinic's licensed texts."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "epds.json"
    path.write_text(json.dumps(epds_placeholder_texts(), ensure_ascii=False), "utf-8")
    return path
