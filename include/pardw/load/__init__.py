"""Files in: custody, parsing under a budget, loading into the PostgreSQL ``raw`` schema (and `pardw extract`)."""
