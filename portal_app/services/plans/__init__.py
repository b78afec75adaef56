"""Plans and self-help the patient writes with the team: the treatment plan, the safety plan
(kept as versions) and thought records.
"""
