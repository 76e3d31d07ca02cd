"""Installs like a real package: a wheel built from this checkout, installed into a fresh
virtual environment outside the repository, finds its exercise templates, keeps its instance
folder in the user's data folder and serves pages with cacheable static files."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.realserver.server import free_port, wait_until_answers

pytestmark = pytest.mark.realserver

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "wheel-install-password"


def run(command: list[str], **options: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=300, check=False, **options
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


def build_wheel(tmp_path: Path) -> Path:
    """`pip wheel` from a copy of the sources (building writes build/ and *.egg-info)."""
    source = tmp_path / "source"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for folder in ("facilitator", "exercises"):
        shutil.copytree(ROOT / folder, source / folder, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    dist = tmp_path / "dist"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(source)])
    (wheel,) = dist.glob("facilitator-*.whl")
    return wheel


def fresh_venv(tmp_path: Path) -> Path:
    """A new virtual environment; the dependencies come from this test environment's
    site-packages (a path entry, so its editable install of this checkout stays out)."""
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    site = run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
    here = sysconfig.get_paths()["purelib"]
    Path(site.stdout.strip(), "dependencies.pth").write_text(here + "\n")
    return venv


def test_the_wheel_installs_and_runs_outside_the_repository(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    venv = fresh_venv(tmp_path)
    run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--ignore-installed",
            str(wheel),
        ]
    )
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACILITATOR_", "XDG_"))}
    env.pop("DATABASE_URL", None)
    env.pop("PYTHONPATH", None)  # a checkout on it (as in a worktree's test run) would win
    env.update(HOME=str(home), PYTHONUNBUFFERED="1")
    elsewhere: dict[str, Any] = {"env": env, "cwd": str(home)}
    command = str(venv / "bin" / "facilitator")

    where = run(
        [str(venv / "bin" / "python"), "-c", "import facilitator; print(facilitator.__file__)"],
        **elsewhere,
    )
    assert where.stdout.startswith(str(venv)), where.stdout  # the wheel's copy, not this checkout

    checked = run([command, "check-exercises"], **elsewhere)
    assert re.search(
        r"\d+ exercise templates valid in .*site-packages/facilitator/exercises", checked.stdout
    ), checked.stdout
    assert "ok  aengste-und-chancen" in checked.stdout

    run([command, "init", "--password", PASSWORD], **elsewhere)
    data = home / ".local" / "share" / "facilitator"
    assert (data / "facilitator.sqlite").is_file()  # the per-user data folder…
    assert not list((venv / "lib").rglob("facilitator.sqlite"))  # …never site-packages

    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [command, "serve", "--port", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
            **elsewhere,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answers(server, url, log, 60)
        page = requests.get(f"{url}/login", timeout=10)
        assert "Facilitator" in page.text
        stylesheet = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]+)"', page.text)
        assert stylesheet, page.text
        css = requests.get(url + stylesheet.group(1), timeout=10)
        assert css.status_code == 200
        assert "immutable" in css.headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(timeout=20)
