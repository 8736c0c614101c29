"""Benchmarks on a synthetic corpus derived from the sample reports (see docs/benchmarks.md)."""
