"""Looking after an install: backups that restore (and, later, retention and health)."""
