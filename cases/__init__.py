"""Children, families, schools, episodes, contacts and judgements (see ARCHITECTURE.md)."""
