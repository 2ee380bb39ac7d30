"""Finding a PostgreSQL server for the tests, or starting a throwaway one.

Order: $CROSSDOCK_TEST_PG_URL; the server at 127.0.0.1:5432 if it answers; a
throwaway cluster started from the installed binaries as an unprivileged user
(PostgreSQL refuses to run as root). Under CI=true, having none is a failure.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def _answers(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
        return True
    except psycopg.Error:
        return False


def _pg_bindir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent  # past the fresh-machine PATH of links
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), reverse=True)
    return candidates[0].parent if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def throwaway_server() -> Iterator[str]:
    """Start a private PostgreSQL cluster on a free loopback port; yield its URL."""
    bindir = _pg_bindir()
    if bindir is None:
        raise RuntimeError("no PostgreSQL binaries (initdb, pg_ctl) found")
    workdir = Path(tempfile.mkdtemp(prefix="crossdock-pg-"))
    datadir = workdir / "data"
    port = _free_port()
    run_as: list[str] = []
    if os.geteuid() == 0:
        user = next((u for u in ("postgres", "nobody") if _user_exists(u)), None)
        if user is None:
            raise RuntimeError("running as root and no unprivileged user to run PostgreSQL")
        shutil.chown(workdir, user=user)
        run_as = ["runuser", "-u", user, "--"]
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    subprocess.run(
        [
            *run_as,
            str(bindir / "initdb"),
            "-D",
            str(datadir),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    options = f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        [
            *run_as,
            str(bindir / "pg_ctl"),
            "-D",
            str(datadir),
            "-o",
            options,
            "-l",
            str(workdir / "log"),
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    try:
        deadline = time.monotonic() + 20
        while not _answers(url):
            if time.monotonic() > deadline:
                raise RuntimeError("throwaway PostgreSQL did not start")
            time.sleep(0.2)
        yield url
    finally:
        subprocess.run(
            [*run_as, str(bindir / "pg_ctl"), "-D", str(datadir), "-m", "immediate", "stop"],
            capture_output=True,
            env=env,
        )
        shutil.rmtree(workdir, ignore_errors=True)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


@contextlib.contextmanager
def find_server() -> Iterator[tuple[str | None, str]]:
    """Yield (server URL or None, how it was found or why there is none)."""
    configured = os.environ.get("CROSSDOCK_TEST_PG_URL")
    if configured:
        if not _answers(configured):
            yield None, f"CROSSDOCK_TEST_PG_URL={configured} does not answer"
            return
        yield configured, "CROSSDOCK_TEST_PG_URL"
        return
    if _answers(DEFAULT_URL):
        yield DEFAULT_URL, "the server at 127.0.0.1:5432"
        return
    try:
        with throwaway_server() as url:
            yield url, "a throwaway server"
    except (RuntimeError, subprocess.CalledProcessError, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        yield (
            None,
            (
                "no PostgreSQL: nothing at 127.0.0.1:5432, CROSSDOCK_TEST_PG_URL unset, "
                f"and a throwaway server could not start ({exc} {detail.decode(errors='replace')})"
            ),
        )


def with_database(server_url: str, name: str) -> str:
    base, _, _ = server_url.rpartition("/")
    return f"{base}/{name}"
