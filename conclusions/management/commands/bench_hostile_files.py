"""`manage.py bench_hostile_files`: the hostile files benchmark, kept in conclusions/benchmarks/."""

from conclusions.benchmarks.hostile_files import Command

__all__ = ["Command"]
