"""Load benchmark: N phones join and burst against a real `facilitator serve`.

Run:  .venv/bin/python bench/load.py [--participants 1000] [--window 10] [--processes 1]
      [--database-url postgresql+psycopg://…  --redis redis://127.0.0.1:6379/0]

It starts the server(s) itself on loopback (SQLite in a temporary folder by default; with
`--database-url` in a fresh schema of that PostgreSQL database, dropped afterwards), creates a
session, and drives N real python-socketio clients over WebSocket. Each joins as a phone does
(HTTP: the join page, then the group choice, answered with the live page; then the socket).
Then a burst: within `--window` seconds every participant adds a note; then, within the same
window, spends three dots; a projector client watches.
Then the same dot burst runs against a bare python-socketio relay (bench/relay_server.py) for
comparison. Bounded: at most 3,000 participants, every wait has a timeout, loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import os
import platform
import random
import re
import resource
import secrets
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import socketio
from crowd import crowd  # found through sys.path: the bench folder is not a package

ROOT = Path(__file__).resolve().parents[1]
EMAIL, PASSWORD = "bench@example.org", "Messlauf-Kennwort-2026"
CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)
MAX_PARTICIPANTS = 3000
TIMEOUT = 120.0


def machine(async_mode: str) -> str:
    """The facts a figure needs beside it."""
    return (
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, async mode {async_mode}"
    )


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def raise_file_limit() -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def live_csrf(html: str) -> str:
    """The CSRF token a live page hands its socket connection (`data-csrf`)."""
    match = re.search(r'data-csrf="([^"]+)"', html)
    assert match, "no data-csrf"
    return match.group(1)


def csrf(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token"
    return match.group(1) or match.group(2)


# --- the server under test -------------------------------------------------------------------


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_memory_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")


def start_servers(args: argparse.Namespace, folder: Path) -> tuple[list[Server], dict[str, str]]:
    env = dict(os.environ)
    database_url = args.database_url or f"sqlite:///{folder / 'bench.sqlite'}"
    env.update(
        {
            "FACILITATOR_SQLALCHEMY_DATABASE_URI": database_url,
            "FACILITATOR_SECRET_KEY": secrets.token_hex(16),
            "FACILITATOR_MAX_PARTICIPANTS_PER_SESSION": str(MAX_PARTICIPANTS + 10),
            "PYTHONUNBUFFERED": "1",
            "FACILITATOR_ASYNC_MODE": getattr(args, "async_mode", "gevent"),
        }
    )
    if args.redis:
        env["FACILITATOR_SOCKETIO_MESSAGE_QUEUE"] = args.redis
        env["FACILITATOR_SOCKETIO_CHANNEL"] = f"bench-{secrets.token_hex(4)}"
    command = [sys.executable, "-m", "facilitator"]
    subprocess.run(
        [*command, "init", "--email", EMAIL, "--password", PASSWORD],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    servers = []
    for index in range(args.processes):
        port = free_port()
        log = (folder / f"server-{index}.log").open("wb")
        process = subprocess.Popen(
            [*command, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=raise_file_limit,
        )
        servers.append(Server(f"http://127.0.0.1:{port}", process))
    return servers, env


async def wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 30
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            try:
                async with http.get(f"{url}/login") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not start")


# --- clients -----------------------------------------------------------------------------------


@dataclass
class Facilitator:
    url: str
    http: aiohttp.ClientSession
    ws_id: int = 0
    code: str = ""
    token: str = ""  # the facilitator page's CSRF token

    async def login(self) -> None:
        async with self.http.get(f"{self.url}/login") as page:
            token = csrf(await page.text())
        data = {"email": EMAIL, "password": PASSWORD, "csrf_token": token}
        async with self.http.post(f"{self.url}/login", data=data, allow_redirects=False) as r:
            assert r.status == 302, await r.text()

    async def create(self) -> None:
        async with self.http.get(f"{self.url}/sessions/new") as page:
            token = csrf(await page.text())
        data = {
            "csrf_token": token,
            "template": "aengste-und-chancen",
            "title": "Betriebsversammlung",
            "organisation": "Bench",
            "language": "de",
            "groups": "Beschäftigte\nFührungskräfte\nBetriebsrat\nSonstige",
            "anonymity_threshold": "5",
            "retention_days": "90",
        }
        async with self.http.post(
            f"{self.url}/sessions/new", data=data, allow_redirects=False
        ) as r:
            self.ws_id = int(r.headers["Location"].rstrip("/").split("/")[-1])
        async with self.http.get(f"{self.url}/sessions/{self.ws_id}/state.json") as r:
            self.code = (await r.json())["session"]["code"]

    async def control(self, path: str, **data: str) -> None:
        """Post a control as the facilitator's page does: with the token of the page it
        loaded once (the page is not fetched again for every control)."""
        if not self.token:
            async with self.http.get(f"{self.url}/sessions/{self.ws_id}") as page:
                self.token = csrf(await page.text())
        async with self.http.post(
            f"{self.url}/sessions/{self.ws_id}/{path}",
            data={"csrf_token": self.token, **data},
            headers={"Accept": "application/json"},
        ) as r:
            assert (await r.json())["ok"]


@dataclass
class Watcher:
    """The projector: records when each revision arrived."""

    arrivals: list[tuple[float, int]] = field(default_factory=list)
    client: socketio.AsyncClient = field(
        default_factory=lambda: socketio.AsyncClient(reconnection=False)
    )

    async def connect(self, url: str, headers: dict[str, str], auth: dict[str, Any]) -> None:
        self.client.on("session:state", self._state)
        await self.client.connect(
            url, headers=headers, auth=auth, transports=["websocket"], wait_timeout=30
        )

    async def _state(self, state: dict[str, Any]) -> None:
        self.arrivals.append((time.perf_counter(), int(state["revision"])))

    def lag(self, acked: list[tuple[float, int]]) -> list[float]:
        """Seconds from each ack to the first projector snapshot with that revision or later."""
        lags = []
        arrivals = sorted(self.arrivals)
        for at, revision in acked:
            seen = next((t for t, r in arrivals if r >= revision and t >= at - 1), None)
            if seen is not None:
                lags.append(max(0.0, seen - at))
        return lags


@dataclass
class Phone:
    client: socketio.AsyncClient
    state: dict[str, Any] = field(default_factory=dict)
    received: int = 0  # session:state snapshots received


# set (for every load-generator process) by --empty-cache: each phone also loads the files the
# live page links, as a browser with an empty cache does on its first visit
EMPTY_CACHE = "BENCH_EMPTY_CACHE"
STATIC_LINK = re.compile(r'(?:src|href)="(/static/[^"]+)"')
BROWSER_COMPRESSION = 15  # aiohttp: offer permessage-deflate with a 32 KB window, as Chrome does


def add_empty_cache(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--empty-cache",
        action="store_true",
        help="each phone also loads the live page's scripts and styles (a first visit)",
    )


def use_empty_cache(args: argparse.Namespace) -> None:
    if args.empty_cache:
        os.environ[EMPTY_CACHE] = "1"  # inherited by the load-generator processes


def cookie_header(http: aiohttp.ClientSession) -> str:
    return "; ".join(f"{c.key}={c.value}" for c in http.cookie_jar)


async def join_phone(url: str, code: str, ws_id: int, group: str, pool: asyncio.Semaphore) -> Phone:
    async with pool:
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar) as http:
            async with http.get(f"{url}/j/{code}") as page:
                token = csrf(await page.text())
            # the answer to the group choice is the live page itself (one round trip)
            async with http.post(
                f"{url}/j/{code}", data={"csrf_token": token, "group": group}, allow_redirects=False
            ) as response:
                assert response.status == 200, await response.text()
                live_page = await response.text()
                token = live_csrf(live_page)
            if os.environ.get(EMPTY_CACHE):  # a browser's first visit: every file the page links
                for path in STATIC_LINK.findall(live_page):
                    async with http.get(url + html.unescape(path)) as static:
                        assert static.status == 200, path
                        await static.read()
            cookie = cookie_header(http)
        # the phone offers per-message compression, as a browser does (the server declines it)
        phone = Phone(
            socketio.AsyncClient(
                reconnection=False, websocket_extra_options={"compress": BROWSER_COMPRESSION}
            )
        )

        async def on_state(state: dict[str, Any]) -> None:
            phone.state = state
            phone.received += 1

        phone.client.on("session:state", on_state)
        await phone.client.connect(
            url,
            headers={"Cookie": cookie},
            auth={"ws": ws_id, "view": "participant", "csrf": token},
            transports=["websocket"],
            wait_timeout=30,
        )
        return phone


async def all_phones_show(phones: list[Phone], kind: str) -> None:
    """Wait until every phone has received the step (this load generator decodes every
    phone's copy, so starting the burst earlier would bunch it up in the generator)."""
    deadline = time.monotonic() + TIMEOUT
    while any(phone.state.get("step", {}).get("kind") != kind for phone in phones):
        if time.monotonic() > deadline:
            raise TimeoutError(f"phones did not all show the {kind} step")
        await asyncio.sleep(0.1)
    await asyncio.sleep(0.5)


async def timed_call(
    client: socketio.AsyncClient,
    event: str,
    payload: dict[str, Any],
    results: list[tuple[float, float, dict[str, Any]]],
) -> None:
    started = time.perf_counter()
    for attempt in range(1, 5):
        try:
            ack = await client.call(event, payload, timeout=30)
        except Exception as error:  # dropped connection or no answer: counted, never as acked
            ack = {"ok": False, "error": type(error).__name__}
        if ack.get("error") != "TryAgain":
            break
        await asyncio.sleep(0.5 * attempt)  # what the browser does: the same key again
    finished = time.perf_counter()
    results.append((finished - started, finished, ack))


async def burst(window: float, jobs: list[Any]) -> None:
    """Start every job at a random moment within the window, like phones in a room."""

    async def later(delay: float, job: Any) -> None:
        await asyncio.sleep(delay)
        await job()

    await asyncio.wait_for(
        asyncio.gather(*(later(random.uniform(0, window), job) for job in jobs)), TIMEOUT
    )


# --- the runs ----------------------------------------------------------------------------------


def print_timeline(results: list[tuple[float, float, dict[str, Any]]], started: float) -> None:
    """Ack latency by the quarter second the call was made in: shows stalls, not averages."""
    buckets: dict[int, list[float]] = {}
    for latency, finished, _ in results:
        buckets.setdefault(int((finished - latency - started) * 4), []).append(1000 * latency)
    for quarter, values in sorted(buckets.items()):
        print(
            f"    {quarter / 4:5.2f} s: {len(values):3d} calls, "
            f"p50 {percentile(values, 50):6.0f} ms, max {max(values):6.0f} ms"
        )


def report_latency(name: str, results: list[tuple[float, float, dict[str, Any]]]) -> list[float]:
    latencies = [r[0] * 1000 for r in results if r[2].get("ok")]
    print(
        f"  {name}: {len(results)} acks, p50 {percentile(latencies, 50):.1f} ms, "
        f"p95 {percentile(latencies, 95):.1f} ms, p99 {percentile(latencies, 99):.1f} ms"
    )
    return latencies


async def run_app(args: argparse.Namespace, servers: list[Server]) -> dict[str, float]:
    urls = [server.url for server in servers]
    for url in urls:
        await wait_until_up(url)
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        facilitator = Facilitator(urls[0], http)
        await facilitator.login()
        await facilitator.create()
        await facilitator.control("goto", position="1")
        projector = Watcher()
        async with http.get(f"{urls[-1]}/sessions/{facilitator.ws_id}") as page:
            token = live_csrf(await page.text())
        await projector.connect(
            urls[-1],
            {"Cookie": cookie_header(http)},
            {"ws": facilitator.ws_id, "view": "facilitator", "csrf": token},
        )
        phones = crowd(
            urls,
            facilitator.code,
            facilitator.ws_id,
            args.participants,
            args.join_concurrency,
            args.procs,
        )
        cpu_before = sum(s.cpu_seconds() for s in servers)
        client_cpu_before = await phones.cpu_seconds()
        started = time.perf_counter()
        count = await phones.join()
        joined = time.perf_counter() - started
        print(f"join: {count} participants in {joined:.1f} s ({count / joined:.0f} joins/s)")

        board_id = await phones.board_id()
        notes = await phones.notes(board_id, args.window)
        note_ids = [ack["id"] for _, _, ack in notes if ack.get("ok")]
        await facilitator.control("goto", position="2")
        await phones.wait_for("dot_vote")  # as in the room: people vote once they see it
        burst_cpu = sum(s.cpu_seconds() for s in servers)
        received_before = await phones.received()
        burst_client_cpu = await phones.cpu_seconds()
        burst_started = time.perf_counter()
        votes = await phones.votes(note_ids, args.window)
        burst_cpu = sum(s.cpu_seconds() for s in servers) - burst_cpu
        burst_client_cpu = await phones.cpu_seconds() - burst_client_cpu
        burst_seconds = time.perf_counter() - burst_started
        await asyncio.sleep(1.5)  # let the last flush arrive
        cpu = sum(s.cpu_seconds() for s in servers) - cpu_before
        client_cpu = await phones.cpu_seconds() - client_cpu_before
        elapsed = time.perf_counter() - started
        received_during = await phones.received() - received_before

        print(f"app (facilitator serve, {args.async_mode}):")
        note_latency = report_latency("note:add", notes)
        vote_latency = report_latency("vote:cast", votes)
        lags = [
            1000 * lag
            for lag in projector.lag(
                [(finished, ack["revision"]) for _, finished, ack in votes if ack.get("ok")]
            )
        ]
        print(
            f"  projector lag: p50 {percentile(lags, 50):.0f} ms, "
            f"p99 {percentile(lags, 99):.0f} ms "
            f"({len(projector.arrivals)} projector snapshots for {len(votes)} votes)"
        )
        if args.timeline:
            print_timeline(votes, burst_started)
        print(
            f"  dot burst: {len(votes)} dots in {burst_seconds:.1f} s, server CPU "
            f"{burst_cpu:.1f} s ({1000 * burst_cpu / max(len(votes), 1):.2f} ms per dot), "
            f"load generator CPU {burst_client_cpu:.1f} s, "
            f"{received_during} snapshots to phones"
        )
        memory = max(s.peak_memory_mb() for s in servers)
        print(
            f"  server CPU {cpu:.1f} s over {elapsed:.1f} s; peak memory {memory:.0f} MB; "
            f"load generator CPU {client_cpu:.1f} s"
        )
        failed = [ack for _, _, ack in notes + votes if not ack.get("ok")]
        if failed:
            print(f"  refused: {len(failed)} (first: {failed[0]})")
        acked_notes = sum(1 for _, _, ack in notes if ack.get("ok"))
        acked_dots = sum(1 for _, _, ack in votes if ack.get("ok"))
        stored = count_stored(args, facilitator.ws_id)
        check = "OK" if stored == (acked_notes, acked_dots) else "MISMATCH"
        print(
            f"  database holds {stored[0]} notes and {stored[1]} dots; acknowledged "
            f"{acked_notes} and {acked_dots}: {check}"
        )
        await phones.close()
        await projector.client.disconnect()
        all_latency = note_latency + vote_latency
        return {
            "joined_s": joined,
            "ack_p99": percentile(all_latency, 99),
            "vote_p50": percentile(vote_latency, 50),
            "lag_p50": percentile(lags, 50),
            "lag_p99": percentile(lags, 99),
            "memory": memory,
            "ok": float(check == "OK"),
            "refused": float(len(failed)),
        }


DATABASE_PATH: dict[str, str] = {}


NOTES_OF = (
    "select count(*) from note join session_step on session_step.id = note.step_id "
    "where session_step.ws_id = {ws}"
)
DOTS_OF = (
    "select coalesce(sum(dots), 0) from vote join session_step on session_step.id = "
    "vote.step_id where session_step.ws_id = {ws}"
)


def count_stored(args: argparse.Namespace, ws_id: int) -> tuple[int, int]:
    """The notes and dots the database holds for this run's workshop."""
    queries = (NOTES_OF.format(ws=int(ws_id)), DOTS_OF.format(ws=int(ws_id)))
    if args.database_url:
        import psycopg

        url = args.database_url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(url) as connection:
            found = [connection.execute(query).fetchone() for query in queries]
        return int(found[0][0]), int(found[1][0])  # type: ignore[index]
    with sqlite3.connect(DATABASE_PATH["sqlite"]) as connection:
        notes, dots = (connection.execute(query).fetchone()[0] for query in queries)
    return int(notes), int(dots)


async def start_relay() -> tuple[subprocess.Popen[bytes], str]:
    """Start the bare relay on a free loopback port and wait until it answers."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "relay_server.py"), str(port)],
        preexec_fn=raise_file_limit,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            async with (
                aiohttp.ClientSession() as http,
                http.get(f"{url}/socket.io/?EIO=4&transport=polling") as response,
            ):
                if response.status == 200:
                    return process, url
        except aiohttp.ClientError:
            if time.monotonic() > deadline:
                process.terminate()
                raise
        await asyncio.sleep(0.1)


async def run_relay(args: argparse.Namespace) -> dict[str, float]:
    process, url = await start_relay()
    try:
        projector = Watcher()
        await projector.connect(url, {}, {"view": "projector"})
        pool = asyncio.Semaphore(args.join_concurrency)

        async def connect() -> socketio.AsyncClient:
            async with pool:
                client = socketio.AsyncClient(reconnection=False)
                await client.connect(url, transports=["websocket"], wait_timeout=30)
                return client

        clients = await asyncio.wait_for(
            asyncio.gather(*(connect() for _ in range(args.participants))), TIMEOUT
        )
        votes: list[tuple[float, float, dict[str, Any]]] = []
        relay = Server(url, process)
        burst_cpu = relay.cpu_seconds()
        await burst(
            args.window,
            [
                (
                    lambda c=client, k=k: timed_call(
                        c, "vote:cast", {"note_id": 1, "key": f"r{k}"}, votes
                    )
                )
                for client in clients
                for k in range(3)
            ],
        )
        burst_cpu = relay.cpu_seconds() - burst_cpu
        await asyncio.sleep(1.0)
        print("bare python-socketio relay (no database, no logic):")
        latency = report_latency("vote:cast", votes)
        print(
            f"  dot burst: relay CPU {burst_cpu:.1f} s "
            f"({1000 * burst_cpu / max(len(votes), 1):.2f} ms per dot)"
        )
        lags = [1000 * lag for lag in projector.lag([(f, a["revision"]) for _, f, a in votes])]
        print(
            f"  projector lag: p50 {percentile(lags, 50):.0f} ms, p99 {percentile(lags, 99):.0f} ms"
        )
        await asyncio.gather(*(client.disconnect() for client in clients))
        await projector.client.disconnect()
        return {
            "vote_p50": percentile(latency, 50),
            "vote_p99": percentile(latency, 99),
            "lag_p50": percentile(lags, 50),
            "lag_p99": percentile(lags, 99),
        }
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def fresh_schema(url: str | None) -> Iterator[str | None]:
    """A schema of its own in the PostgreSQL database for this run (other runs and tests may
    share the database); the URL that uses it."""
    if url is None:
        yield None
        return
    import psycopg

    schema = f"bench_{secrets.token_hex(4)}"
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--window", type=float, default=10.0, help="seconds per burst")
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--redis", default=None)
    parser.add_argument("--join-concurrency", type=int, default=50)
    parser.add_argument("--no-relay", action="store_true")
    parser.add_argument(
        "--procs",
        type=int,
        default=1,
        help="load-generator processes the phones are split over (default 1)",
    )
    parser.add_argument("--async-mode", choices=["gevent", "eventlet"], default="gevent")
    parser.add_argument(
        "--timeline", action="store_true", help="print the dot burst's latency per 0.25 s"
    )
    add_empty_cache(parser)
    args = parser.parse_args()
    use_empty_cache(args)
    if not 1 <= args.participants <= MAX_PARTICIPANTS:
        parser.error(f"--participants must be 1..{MAX_PARTICIPANTS}")
    if not 1 <= args.procs <= 8:
        parser.error("--procs must be 1..8")
    if args.processes > 1 and not args.redis:
        parser.error("several processes need --redis (and a shared --database-url)")
    raise_file_limit()
    random.seed(1)
    with (
        tempfile.TemporaryDirectory() as folder,
        fresh_schema(args.database_url) as args.database_url,
    ):
        DATABASE_PATH["sqlite"] = str(Path(folder) / "bench.sqlite")
        servers, _ = start_servers(args, Path(folder))
        try:
            print(
                f"== {args.participants} participants, {args.processes} process(es), "
                f"{'PostgreSQL' if args.database_url else 'SQLite'}"
                f"{' + Redis' if args.redis else ''}, bursts within {args.window:.0f} s, "
                f"load generator in {args.procs} process(es)"
            )
            print(f"   machine: {machine(args.async_mode)}")
            app = asyncio.run(run_app(args, servers))
        except BaseException:
            for log in sorted(Path(folder).glob("server-*.log")):
                print(f"--- {log.name} (last lines) ---")
                print("\n".join(log.read_text(errors="replace").splitlines()[-30:]))
            raise
        finally:
            for server in servers:
                server.process.terminate()
                server.process.wait(timeout=10)
        warnings = [
            line
            for log in sorted(Path(folder).glob("server-*.log"))
            for line in log.read_text(errors="replace").splitlines()
            if "WARNING" in line or "ERROR" in line or "Traceback" in line
        ]
        print(f"server log: {len(warnings)} warnings or errors")
        for line in warnings[:5]:
            print(f"  {line}")
    targets = (
        app["joined_s"] <= 30
        and app["ack_p99"] < 200
        and app["lag_p99"] < 500
        and app["memory"] < 300
        and app["ok"] == 1.0
        and app["refused"] == 0
    )
    print(
        f"targets (joined <= 30 s, ack p99 < 200 ms, lag p99 < 500 ms, < 300 MB, nothing lost): "
        f"{'MET' if targets else 'NOT MET'}"
    )
    if not args.no_relay:
        relay = asyncio.run(run_relay(args))
        print(
            f"ratio app/relay: vote ack p50 {app['vote_p50'] / relay['vote_p50']:.1f}x, "
            f"projector lag p50 {app['lag_p50'] / max(relay['lag_p50'], 1e-9):.1f}x"
        )
    return 0 if targets else 1


if __name__ == "__main__":
    sys.exit(main())
