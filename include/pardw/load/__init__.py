"""Loading parsed reports into the PostgreSQL ``raw`` schema, and publishing marts."""
