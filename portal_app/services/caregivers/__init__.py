"""Caregivers and guardians: the grants a patient (or the clinic's age rules) allow, and what
each permission means.
"""
