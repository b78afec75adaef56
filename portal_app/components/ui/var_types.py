"""Names for what view functions receive, so mypy can check pages and components.

Reflex 0.10 types a state var read on the class as its Python type in some places and as a
`Var` in others (a list field reads as `ArrayVar[Sequence[Never]]`, an `@rx.event` handler as
the `EventNamespace`). View helpers accept either, under these names; docs/ARCHITECTURE.md
("Types") explains the allowance.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias

from reflex.vars import ArrayVar, Var

if TYPE_CHECKING:  # at run time reflex_base.event loads its names lazily
    from reflex_base.event import EventNamespace

Text: TypeAlias = Var[str] | str
Flag: TypeAlias = Var[bool] | bool
Rows: TypeAlias = ArrayVar[Any]
Record: TypeAlias = Any  # an ObjectVar, a plain dict or an item of one, as Reflex types it
Handler: TypeAlias = "Callable[..., Any] | EventNamespace"
