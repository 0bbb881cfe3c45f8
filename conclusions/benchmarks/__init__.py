"""Benchmarks of imports, public pages and search, run by the bench_* management commands."""
