"""The one error scoring raises: answers that do not fit the measure, said plainly (people and
the CLI read it). Its own module, so the rule engine and the classic scorer share it."""


class ScoringError(ValueError):
    """The answers do not fit the instrument (a plain message for people and the CLI)."""
