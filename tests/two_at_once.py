"""Two people at once: a client per person, and calls run in threads that reach a given point together."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

# For the tests that run requests in threads at the same moment; their steps one after another are tested on
# both databases beside them.
ON_A_DATABASE_SERVER = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's test database is in memory, its tables shared between threads under table locks that refuse "
    "a read while another thread writes, which no SQLite file does; SQLite writes one transaction at a time.",
)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def at_once(monkeypatch, owner, name: str, calls: list) -> list:
    """Run each call in a thread of its own (its own database connection), all held just before `owner.name`
    runs until every one has reached it; what each returned, or the exception it raised.
    """
    together = threading.Barrier(len(calls), timeout=30)
    original = getattr(owner, name)

    def reached_together(*args, **kwargs):
        together.wait()
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, reached_together)
    outcomes = [None] * len(calls)

    def run(index):
        try:
            outcomes[index] = calls[index]()
        except Exception as error:  # noqa: BLE001 — returned for the test to look at
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes
