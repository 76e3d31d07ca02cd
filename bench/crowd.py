"""The phones of `load.py`, driven from this process or from several load-generator processes.

One asyncio process decodes every message every phone receives; from about 2,000 phones on
this 2-core machine that process, not the server, becomes the bottleneck (at 3,000 its sockets
were dropped during the note burst). `--procs K` splits the phones over K worker processes,
each with its own event loop; the parent tells them what to do phase by phase and merges what
they measured. Times are `time.perf_counter()`, which on Linux is the system-wide monotonic
clock, so the workers' ack times and the parent's projector arrivals can be compared.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import random
import resource
from multiprocessing.connection import Connection
from typing import Any, Protocol

Result = tuple[float, float, dict[str, Any]]  # (latency, finished, ack)
GROUPS = ["Beschäftigte", "Führungskräfte", "Betriebsrat", "Sonstige"]


class Crowd(Protocol):
    """What the benchmark asks of its phones, phase by phase."""

    async def join(self) -> int: ...

    async def board_id(self) -> int: ...

    async def notes(self, board_id: int, window: float) -> list[Result]: ...

    async def wait_for(self, kind: str) -> None: ...

    async def votes(self, note_ids: list[int], window: float) -> list[Result]: ...

    async def received(self) -> int: ...

    async def cpu_seconds(self) -> float: ...

    async def close(self) -> None: ...


def note_job(phone: Any, index: int, board_id: int, results: list[Result]) -> Any:
    from load import timed_call

    return lambda: timed_call(
        phone.client,
        "note:add",
        {
            "step_id": board_id,
            "column": "chancen" if index % 2 else "sorgen",
            "text": f"Idee {index}: Datenschutz und Entlastung",
            "key": f"bench-note-{index:05d}",
        },
        results,
    )


def vote_jobs(
    phones: list[tuple[int, Any]], note_ids: list[int], seed: int, results: list[Result]
) -> list[Any]:
    from load import timed_call

    chooser = random.Random(seed)
    jobs = []
    for index, phone in phones:
        for k in range(3):
            note_id = chooser.choice(note_ids)
            key = f"bench-vote-{index:05d}-{k}"
            jobs.append(
                lambda p=phone, n=note_id, key=key: timed_call(
                    p.client, "vote:cast", {"note_id": n, "key": key}, results
                )
            )
    return jobs


class LocalCrowd:
    """Every phone in this process (the default)."""

    def __init__(self, urls: list[str], code: str, ws_id: int, count: int, concurrency: int):
        self.urls, self.code, self.ws_id = urls, code, ws_id
        self.indices = list(range(count))
        self.concurrency = concurrency
        self.phones: list[Any] = []

    async def join(self) -> int:
        from load import TIMEOUT, join_phone

        pool = asyncio.Semaphore(self.concurrency)
        self.phones = await asyncio.wait_for(
            asyncio.gather(
                *(
                    join_phone(
                        self.urls[i % len(self.urls)], self.code, self.ws_id, GROUPS[i % 4], pool
                    )
                    for i in self.indices
                )
            ),
            TIMEOUT,
        )
        return len(self.phones)

    async def board_id(self) -> int:
        return int(self.phones[0].state["step"]["id"]) if self.phones[0].state else 0

    async def notes(self, board_id: int, window: float) -> list[Result]:
        from load import burst

        results: list[Result] = []
        mine = zip(self.indices, self.phones, strict=True)
        jobs = [note_job(phone, index, board_id, results) for index, phone in mine]
        await burst(window, jobs)
        return results

    async def wait_for(self, kind: str) -> None:
        from load import all_phones_show

        await all_phones_show(self.phones, kind)

    async def votes(self, note_ids: list[int], window: float) -> list[Result]:
        from load import burst

        results: list[Result] = []
        seed = 7 + (self.indices[0] if self.indices else 0)
        mine = list(zip(self.indices, self.phones, strict=True))
        await burst(window, vote_jobs(mine, note_ids, seed, results))
        return results

    async def received(self) -> int:
        return sum(phone.received for phone in self.phones)

    async def cpu_seconds(self) -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    async def close(self) -> None:
        await asyncio.gather(
            *(phone.client.disconnect() for phone in self.phones), return_exceptions=True
        )


def _worker(
    conn: Connection, urls: list[str], code: str, ws_id: int, indices: list[int], concurrency: int
) -> None:
    """A load-generator process: runs the orders its parent sends, one at a time."""
    from load import raise_file_limit

    raise_file_limit()

    async def serve() -> None:
        crowd = LocalCrowd(urls, code, ws_id, 0, concurrency)
        crowd.indices = indices
        loop = asyncio.get_running_loop()
        while True:
            order, args = await loop.run_in_executor(None, conn.recv)
            try:
                answer = await getattr(crowd, order)(*args)
            except Exception as error:  # reported to the parent, which stops the run
                conn.send(("error", f"{type(error).__name__}: {error}"))
                return
            conn.send(("ok", answer))
            if order == "close":
                return

    asyncio.run(serve())


class ProcessCrowd:
    """The phones split over several load-generator processes."""

    def __init__(
        self, urls: list[str], code: str, ws_id: int, count: int, concurrency: int, procs: int
    ) -> None:
        context = multiprocessing.get_context("spawn")
        self.pipes: list[Connection] = []
        self.processes = []
        for worker in range(procs):
            indices = list(range(worker, count, procs))
            mine, theirs = context.Pipe()
            process = context.Process(
                target=_worker,
                args=(theirs, urls, code, ws_id, indices, max(1, concurrency // procs)),
                daemon=True,
            )
            process.start()
            self.pipes.append(mine)
            self.processes.append(process)

    async def _all(self, order: str, *args: Any) -> list[Any]:
        from load import TIMEOUT

        for pipe in self.pipes:
            pipe.send((order, args))
        loop = asyncio.get_running_loop()
        answers = await asyncio.wait_for(
            asyncio.gather(*(loop.run_in_executor(None, pipe.recv) for pipe in self.pipes)),
            2 * TIMEOUT,
        )
        for status, answer in answers:
            if status != "ok":
                raise RuntimeError(f"a load-generator process failed: {answer}")
        return [answer for _, answer in answers]

    async def join(self) -> int:
        return sum(await self._all("join"))

    async def board_id(self) -> int:
        return int((await self._all("board_id"))[0])

    async def notes(self, board_id: int, window: float) -> list[Result]:
        return [r for part in await self._all("notes", board_id, window) for r in part]

    async def wait_for(self, kind: str) -> None:
        await self._all("wait_for", kind)

    async def votes(self, note_ids: list[int], window: float) -> list[Result]:
        return [r for part in await self._all("votes", note_ids, window) for r in part]

    async def received(self) -> int:
        return sum(await self._all("received"))

    async def cpu_seconds(self) -> float:
        return sum(await self._all("cpu_seconds"))

    async def close(self) -> None:
        try:
            await self._all("close")
        finally:
            for process in self.processes:
                process.join(timeout=10)
                if process.is_alive():
                    process.terminate()


def crowd(
    urls: list[str], code: str, ws_id: int, count: int, concurrency: int, procs: int
) -> Crowd:
    if procs <= 1:
        return LocalCrowd(urls, code, ws_id, count, concurrency)
    return ProcessCrowd(urls, code, ws_id, count, concurrency, procs)
