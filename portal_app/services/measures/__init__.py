"""Check-ins and measures: the journal that saves each answer once, exact scoring,
questionnaires on a schedule, trends and the progress report.
"""
