"""`manage.py bench_pages`: the public pages benchmark, kept with the other benchmarks in conclusions/benchmarks/."""

from conclusions.benchmarks.page_speed import Command

__all__ = ["Command"]
