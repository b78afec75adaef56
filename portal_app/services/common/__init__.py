"""Plumbing every domain uses, with no health rules of its own: the audit trail, times in a
person's zone, safe text, mail, migrations, shared work rows and the health check.
"""
