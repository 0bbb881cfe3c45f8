"""`manage.py bench_import`: the benchmark of imports, kept with the other benchmarks in conclusions/benchmarks/."""

from conclusions.benchmarks.import_speed import Command

__all__ = ["Command"]
