"""Describe an exception for the logs without its message or source lines.

Messages can carry data (SQL parameters, a patient's words), so logs get the type and where
it happened: enough to debug, nothing to leak.
"""

from __future__ import annotations

import traceback


def describe_exception(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    where = "\n".join(f"  {f.filename}:{f.lineno} in {f.name}" for f in frames)
    return f"{type(error).__name__}\n{where}"
