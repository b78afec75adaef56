"""Visits: the hours clinicians offer, open times, booking, requests, changes, and the calendar
file.
"""
