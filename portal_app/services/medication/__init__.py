"""Medicines and reminders: the medicine list, doses and refills, allergies, the reminder
schedule, and Web Push delivery to each device.
"""
