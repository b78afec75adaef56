"""The patient's record: the FHIR export and its printable summary, documents the team shares,
Part 2 consent, and who looked at the record.
"""
