"""`manage.py bench_load`: readers on two app servers while an editor saves and an import runs (benchmarks/)."""

from conclusions.benchmarks.load_speed import Command

__all__ = ["Command"]
