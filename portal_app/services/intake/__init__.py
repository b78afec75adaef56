"""Intake forms: a clinic admin builds them (forms.py), patients fill them before a first
visit, and the care team reads the answers (answers.py)."""
