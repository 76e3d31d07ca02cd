"""Start the real application as a subprocess (`facilitator serve`) for network tests."""

from __future__ import annotations

import ipaddress
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

TESTS = Path(__file__).resolve().parents[1]
EMAIL = "moderation@example.org"
PASSWORD = "real-server-secret"
CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll a condition until it holds; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def wait_until_answers(
    process: subprocess.Popen[bytes], url: str, log: Path, seconds: float
) -> None:
    """Wait until the server subprocess answers its login page; fail at once if it exited."""

    def answers() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"server exited early:\n{log.read_text()}")
        try:
            with requests.get(f"{url}/login", timeout=1) as response:
                return response.status_code == 200
        except (requests.ConnectionError, requests.Timeout):
            return False  # not listening yet, or still starting up on a busy machine

    wait_for(answers, seconds, "the server to answer")


@dataclass
class LiveServer:
    url: str
    database: Path
    process: subprocess.Popen[bytes]
    log: Path


def server_env(database_url: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "FACILITATOR_SQLALCHEMY_DATABASE_URI": database_url,
            "FACILITATOR_SECRET_KEY": "real-server-test-key",
            "FACILITATOR_EXERCISES_DIR": str(TESTS / "data" / "exercises"),
            "FACILITATOR_BROADCAST_INTERVAL": "0.1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra or {})
    return env


COMMAND = [sys.executable, "-m", "facilitator"]


def initialise(env: dict[str, str]) -> None:
    """`facilitator init` with the test facilitator account."""
    subprocess.run(
        [*COMMAND, "init", "--email", EMAIL, "--password", PASSWORD],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )


IPV4 = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d])")
IPV6 = re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")


def addresses_in(text: str) -> list[str]:
    """Every IPv4 or IPv6 address literal in `text`."""
    found = IPV4.findall(text)
    for candidate in IPV6.findall(text):
        try:
            ipaddress.IPv6Address(candidate)
        except ValueError:
            continue  # a time of day or the like
        found.append(candidate)
    return found


def provoke_error_log(url: str) -> None:
    """Send a request line no server accepts: gevent's server logs such errors with the
    client's address (unless the app's filter removes it)."""
    host, port = url.removeprefix("http://").split(":")
    try:
        with socket.create_connection((host, int(port)), timeout=5) as raw:
            raw.sendall(b"GET / HTTP/9.9\r\n\r\n")
            raw.recv(1024)
    except OSError:
        pass  # the server is gone (a test killed it): nothing to provoke


@contextmanager
def running_server(
    env: dict[str, str], async_mode: str, log: Path, database: Path, port: int | None = None
) -> Iterator[LiveServer]:
    """Start `facilitator serve` (on a free port unless given), wait until it answers, stop it.

    The server's standard error goes to `log`, its standard output (the start-up banner with
    its own address) beside it. When the block succeeds, `log` must hold no IP address: the
    privacy promise that no client address is logged, checked in every real-server test.
    """
    port = port or free_port()
    with log.open("ab") as errors, log.with_name(log.name + ".out").open("ab") as output:
        process = subprocess.Popen(
            [
                *COMMAND,
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--async-mode",
                async_mode,
            ],
            env=env,
            stdout=output,
            stderr=errors,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answers(process, url, log, 30)
        yield LiveServer(url=url, database=database, process=process, log=log)
        provoke_error_log(url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    logged = log.read_text(errors="replace")
    assert addresses_in(logged) == [], f"IP addresses in the server's log:\n{logged}"


@contextmanager
def live_server(
    tmp_path: Path, async_mode: str, extra_env: dict[str, str] | None = None
) -> Iterator[LiveServer]:
    """One server process on a fresh SQLite database (the embedded default)."""
    database = tmp_path / "facilitator.sqlite"
    env = server_env(f"sqlite:///{database}", extra_env)
    initialise(env)
    with running_server(env, async_mode, tmp_path / "server.log", database) as server:
        yield server


def csrf_token(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def facilitator_login(url: str) -> requests.Session:
    browser = requests.Session()
    page = browser.get(f"{url}/login", timeout=10).text
    response = browser.post(
        f"{url}/login",
        data={"email": EMAIL, "password": PASSWORD, "csrf_token": csrf_token(page)},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text
    return browser


def create_session(browser: requests.Session, url: str, title: str = "Real") -> tuple[int, str]:
    """Create a session from the mini template; returns its id and join code."""
    page = browser.get(f"{url}/sessions/new", timeout=10).text
    response = browser.post(
        f"{url}/sessions/new",
        data={
            "csrf_token": csrf_token(page),
            "template": "mini",
            "title": title,
            "organisation": "Test GmbH",
            "language": "de",
            "groups": "Beschäftigte\nFührungskräfte\nBetriebsrat",
            "anonymity_threshold": "5",
            "retention_days": "90",
        },
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text
    ws_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    state = browser.get(f"{url}/sessions/{ws_id}/state.json", timeout=10).json()
    return ws_id, state["session"]["code"]


def control(browser: requests.Session, url: str, ws_id: int, path: str, **data: str) -> int:
    """Post a facilitator control the way the control page's script does; returns the revision
    it produced (the first flush after it sends a newer one)."""
    page = browser.get(f"{url}/sessions/{ws_id}", timeout=10).text
    response = browser.post(
        f"{url}/sessions/{ws_id}/{path}",
        data={"csrf_token": csrf_token(page), **data},
        headers={"Accept": "application/json"},
        timeout=10,
    )
    assert response.json()["ok"], response.text
    return int(response.json()["revision"])


def join(url: str, code: str, group: str) -> requests.Session:
    """Join like a phone: open the join page, choose a group, keep the cookie."""
    phone = requests.Session()
    page = phone.get(f"{url}/j/{code}", timeout=10).text
    response = phone.post(
        f"{url}/j/{code}",
        data={"csrf_token": csrf_token(page), "group": group},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 200, response.text
    assert 'data-view="participant"' in response.text  # the live page in the same round trip
    return phone


DATA_CSRF = re.compile(r'data-csrf="([^"]+)"')


def live_page_csrf(session: requests.Session, url: str) -> str:
    """The CSRF token a live page hands its socket connection."""
    page = session.get(url, timeout=10).text
    match = DATA_CSRF.search(page)
    assert match, f"no data-csrf on {url}"
    return match.group(1)


def cookie_header(session: requests.Session) -> str:
    return "; ".join(f"{name}={value}" for name, value in session.cookies.items())
