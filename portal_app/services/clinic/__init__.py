"""The clinic itself: its public facts and settings, the audit trail and its search, and the
made-up demo clinic with its history.
"""
