"""Steady: a behavioral-health patient portal."""
