"""`manage.py bench_search`: the benchmark of search, kept with the other benchmarks in conclusions/benchmarks/."""

from conclusions.benchmarks.search_speed import Command

__all__ = ["Command"]
