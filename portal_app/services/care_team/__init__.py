"""The care team's work: the panel, the shared inbox and messages, risk alerts and their
notices, team-only notes, and the one page about a patient.
"""
