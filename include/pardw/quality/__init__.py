"""Data quality: Great Expectations suites (gates) and reconciliation rules (findings for data stewards)."""
