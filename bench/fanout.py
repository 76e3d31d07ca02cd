"""Fan-out benchmark: how long a facilitator's step change takes to reach every phone.

Run:  .venv/bin/python bench/fanout.py [--participants 1000] [--changes 5]

It starts `facilitator serve` on loopback (SQLite in a temporary folder), creates a workshop,
lets N real python-socketio clients join as phones do (HTTP join, then the socket), then the
facilitator moves between two steps `--changes` times; each change is timed from sending the
request until the last phone has received a snapshot of the new step. The same is then done
against the bare python-socketio relay (bench/relay_server.py), which sends the new step to
every phone at once with no database and no logic. Prints machine facts, the p50 and the worst
of the changes for both, and the ratio. Bounded: at most 3,000 phones, every wait has a
timeout, loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import socketio

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import (  # found through sys.path: the bench folder is not a package
    MAX_PARTICIPANTS,
    TIMEOUT,
    Facilitator,
    Phone,
    Server,
    add_empty_cache,
    join_phone,
    machine,
    raise_file_limit,
    start_relay,
    start_servers,
    use_empty_cache,
    wait_until_up,
)


class Arrivals:
    """When each phone first saw each step position."""

    def __init__(self, count: int) -> None:
        self.seen: list[dict[int, float]] = [{} for _ in range(count)]

    def watch(self, index: int, client: socketio.AsyncClient, before: Any = None) -> None:
        async def on_state(state: dict[str, Any]) -> None:
            position = (state.get("step") or {}).get("position")
            if position is not None:
                self.seen[index].setdefault(position, time.perf_counter())
            if before is not None:
                await before(state)

        client.on("session:state", on_state)

    def reset(self, position: int) -> None:
        for seen in self.seen:
            seen.pop(position, None)

    async def first_arrival(self, position: int) -> float:
        deadline = time.monotonic() + TIMEOUT
        while all(position not in seen for seen in self.seen):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no phone saw step {position}")
            await asyncio.sleep(0.001)
        return min(seen[position] for seen in self.seen if position in seen)

    async def last_arrival(self, position: int) -> float:
        deadline = time.monotonic() + TIMEOUT
        while any(position not in seen for seen in self.seen):
            if time.monotonic() > deadline:
                missing = sum(position not in seen for seen in self.seen)
                raise TimeoutError(f"{missing} phones never saw step {position}")
            await asyncio.sleep(0.002)
        return max(seen[position] for seen in self.seen)


@dataclass
class Changes:
    """Each step change: until the last phone had it, until the request was answered, until
    the first phone had it, and the server's CPU time meanwhile."""

    last: list[float] = field(default_factory=list)
    answered: list[float] = field(default_factory=list)
    first: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    client_cpu: list[float] = field(default_factory=list)  # this load generator's


async def time_changes(
    arrivals: Arrivals, changes: int, send: Any, positions: tuple[int, int], server: Server
) -> Changes:
    timed = Changes()
    for index in range(changes):
        target = positions[(index + 1) % 2]
        arrivals.reset(target)
        await asyncio.sleep(1.0)  # a quiet room, as when a facilitator moves on
        cpu, client_cpu = server.cpu_seconds(), time.process_time()
        started = time.perf_counter()
        await send(target)
        timed.answered.append(time.perf_counter() - started)
        timed.first.append(await arrivals.first_arrival(target) - started)
        timed.last.append(await arrivals.last_arrival(target) - started)
        timed.cpu.append(server.cpu_seconds() - cpu)
        timed.client_cpu.append(time.process_time() - client_cpu)
    return timed


async def run_app(args: argparse.Namespace, server: Server) -> Changes:
    url = server.url
    await wait_until_up(url)
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        facilitator = Facilitator(url, http)
        await facilitator.login()
        await facilitator.create()
        await facilitator.control("goto", position="1")
        pool = asyncio.Semaphore(args.join_concurrency)
        groups = ["Beschäftigte", "Führungskräfte", "Betriebsrat", "Sonstige"]
        started = time.perf_counter()
        phones: list[Phone] = await asyncio.wait_for(
            asyncio.gather(
                *(
                    join_phone(url, facilitator.code, facilitator.ws_id, groups[i % 4], pool)
                    for i in range(args.participants)
                )
            ),
            TIMEOUT,
        )
        print(f"  joined: {len(phones)} phones in {time.perf_counter() - started:.1f} s")
        arrivals = Arrivals(len(phones))
        for index, phone in enumerate(phones):
            previous = phone.client.handlers["/"]["session:state"]
            arrivals.watch(index, phone.client, previous)

        async def send(position: int) -> None:
            await facilitator.control("goto", position=str(position))

        results = await time_changes(arrivals, args.changes, send, (1, 2), server)
        await asyncio.gather(*(phone.client.disconnect() for phone in phones))
        return results


async def run_relay(args: argparse.Namespace) -> Changes:
    process, url = await start_relay()
    try:
        pool = asyncio.Semaphore(args.join_concurrency)

        async def connect() -> socketio.AsyncClient:
            async with pool:
                client = socketio.AsyncClient(reconnection=False)
                await client.connect(url, transports=["websocket"], wait_timeout=30)
                return client

        clients = await asyncio.wait_for(
            asyncio.gather(*(connect() for _ in range(args.participants))), TIMEOUT
        )
        arrivals = Arrivals(len(clients))
        for index, client in enumerate(clients):
            arrivals.watch(index, client)
        facilitator = socketio.AsyncClient(reconnection=False)
        await facilitator.connect(
            url, auth={"view": "projector"}, transports=["websocket"], wait_timeout=30
        )

        async def send(position: int) -> None:
            await facilitator.call("step:goto", {"position": position}, timeout=30)

        results = await time_changes(arrivals, args.changes, send, (1, 2), Server(url, process))
        await asyncio.gather(*(client.disconnect() for client in [*clients, facilitator]))
        return results
    finally:
        process.terminate()
        process.wait(timeout=10)


def summary(name: str, timed: Changes) -> float:
    p50 = statistics.median(timed.last)
    print(
        f"  {name}: step change reaches every phone in p50 {1000 * p50:.0f} ms "
        f"(each: {', '.join(f'{1000 * r:.0f}' for r in timed.last)} ms); request answered "
        f"p50 {1000 * statistics.median(timed.answered):.0f} ms, first phone p50 "
        f"{1000 * statistics.median(timed.first):.0f} ms, server CPU per change p50 "
        f"{1000 * statistics.median(timed.cpu):.0f} ms, load generator CPU p50 "
        f"{1000 * statistics.median(timed.client_cpu):.0f} ms"
    )
    return p50


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--changes", type=int, default=5)
    parser.add_argument("--join-concurrency", type=int, default=50)
    parser.add_argument("--async-mode", choices=["gevent", "eventlet"], default="gevent")
    add_empty_cache(parser)
    args = parser.parse_args()
    use_empty_cache(args)
    if not 1 <= args.participants <= MAX_PARTICIPANTS:
        parser.error(f"--participants must be 1..{MAX_PARTICIPANTS}")
    if not 1 <= args.changes <= 20:
        parser.error("--changes must be 1..20")
    args.processes, args.database_url, args.redis = 1, None, None
    raise_file_limit()
    print(f"== fan-out of a step change to {args.participants} phones; {machine(args.async_mode)}")
    with tempfile.TemporaryDirectory() as folder:
        servers, _ = start_servers(args, Path(folder))
        try:
            app = summary("facilitator", asyncio.run(run_app(args, servers[0])))
        finally:
            for server in servers:
                server.process.terminate()
                server.process.wait(timeout=10)
    relay = summary("bare relay", asyncio.run(run_relay(args)))
    print(f"  ratio facilitator / relay (p50): {app / relay:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
