"""Reflex states: thin. They read the session, call services and hold display-ready data."""
