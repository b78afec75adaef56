"""The reading library: search in both languages, and the reading picked for one person."""
