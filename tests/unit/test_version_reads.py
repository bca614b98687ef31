"""The answer cache's version reads: shared by the requests that wait together, never older
than the request."""

from __future__ import annotations

import asyncio
import threading
from typing import Any, cast

from api.response_cache import VersionReads
from graph.stores.base import GraphStore


class GatedStore:
    """A store whose version() blocks until let go, and counts its calls."""

    def __init__(self) -> None:
        self.calls = 0
        self.started = threading.Semaphore(0)
        self.gate = threading.Semaphore(0)

    def version(self) -> str:
        self.calls += 1
        self.started.release()
        self.gate.acquire()
        return f"v{self.calls}"


async def _wait_started(store: GatedStore) -> None:
    assert await asyncio.to_thread(store.started.acquire, True, 5)


def _store(store: Any) -> GraphStore:
    return cast(GraphStore, store)


def test_requests_that_arrive_during_a_read_share_the_next_one() -> None:
    async def scenario() -> tuple[list[str | None], int]:
        store, reads = GatedStore(), VersionReads()
        first = asyncio.create_task(reads.read(_store(store)))
        await _wait_started(store)  # the first read is in flight
        later = [asyncio.create_task(reads.read(_store(store))) for _ in range(5)]
        await asyncio.sleep(0.01)
        store.gate.release()  # the first read ends: the five's read starts after they came
        await _wait_started(store)
        store.gate.release()
        answers = [await first] + [await task for task in later]
        return answers, store.calls

    answers, calls = asyncio.run(scenario())
    assert answers == ["v1"] + ["v2"] * 5
    assert calls == 2


def test_each_request_alone_reads_the_store_again() -> None:
    async def scenario() -> list[str | None]:
        store, reads = GatedStore(), VersionReads()
        answers = []
        for _ in range(3):
            task = asyncio.create_task(reads.read(_store(store)))
            await _wait_started(store)
            store.gate.release()
            answers.append(await task)
        return answers

    assert asyncio.run(scenario()) == ["v1", "v2", "v3"]


def test_a_caller_that_goes_away_cancels_no_one_else() -> None:
    async def scenario() -> str | None:
        store, reads = GatedStore(), VersionReads()
        leaving = asyncio.create_task(reads.read(_store(store)))
        await _wait_started(store)
        staying = asyncio.create_task(reads.read(_store(store)))
        await asyncio.sleep(0.01)
        leaving.cancel()
        store.gate.release()
        await _wait_started(store)
        store.gate.release()
        return await staying

    assert asyncio.run(scenario()) == "v2"


def test_a_store_that_fails_gives_no_version() -> None:
    class Down:
        def version(self) -> str:
            raise ConnectionError("down")

    assert asyncio.run(VersionReads().read(_store(Down()))) is None


def test_a_read_that_ends_in_an_error_ends_every_wait() -> None:
    class Ended(BaseException):
        """Not an Exception: the read lets it through to the waiters."""

    class Failing:
        def version(self) -> str:
            raise Ended

    async def scenario() -> BaseException | None:
        try:
            await asyncio.wait_for(VersionReads().read(_store(Failing())), 5)
        except Ended as exc:
            return exc
        return None

    assert isinstance(asyncio.run(scenario()), Ended)
