"""The clinic itself: its public facts and settings, the clinic admin's search of the audit
trail, and the made-up demo clinic with its history.
"""
