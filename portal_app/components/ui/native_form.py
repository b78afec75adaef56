"""A form the browser itself submits (Reflex's own form always stops the native submit).

For downloads: a same-origin POST keeps what the person typed out of the web address.
"""

from __future__ import annotations

from reflex.components.el.elements.forms import BaseHTML
from reflex.vars.base import Var


class NativeForm(BaseHTML):  # type: ignore[misc]
    tag = "form"

    action: Var[str]
    method: Var[str]


native_form = NativeForm.create
