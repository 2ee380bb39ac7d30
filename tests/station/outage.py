"""Stopping and starting a throwaway PostgreSQL server (tests/pg.py) for outage drills."""

from __future__ import annotations

import os
import pwd
import signal
import subprocess
import time
from pathlib import Path
from urllib.parse import urlparse

import psycopg

from tests.pg import _answers, _pg_bindir


class Server:
    """The throwaway server behind `url`: stop it, start it again, freeze it."""

    def __init__(self, url: str) -> None:
        self.url = url
        with psycopg.connect(url, autocommit=True) as conn:
            row = conn.execute("SHOW data_directory").fetchone()
        assert row is not None
        self.datadir = Path(row[0])
        self.port = urlparse(url).port
        bindir = _pg_bindir()
        assert bindir is not None
        self.pg_ctl = str(bindir / "pg_ctl")
        owner = pwd.getpwuid(self.datadir.stat().st_uid).pw_name
        self.run_as = ["runuser", "-u", owner, "--"] if os.geteuid() == 0 else []

    def stop(self) -> None:
        subprocess.run(
            [*self.run_as, self.pg_ctl, "-D", str(self.datadir), "-m", "fast", "-w", "stop"],
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        workdir = self.datadir.parent
        options = f"-p {self.port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            [
                *self.run_as,
                self.pg_ctl,
                "-D",
                str(self.datadir),
                "-o",
                options,
                "-l",
                str(workdir / "log"),
                "-w",
                "start",
            ],
            check=True,
            capture_output=True,
        )
        deadline = time.monotonic() + 20
        while not _answers(self.url):
            assert time.monotonic() < deadline, "the server did not come back"
            time.sleep(0.1)

    def pids(self) -> list[int]:
        postmaster = int((self.datadir / "postmaster.pid").read_text().split()[0])
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == postmaster:
                children.append(int(stat.parent.name))
        return [postmaster, *children]

    def freeze(self) -> list[int]:
        pids = self.pids()
        for pid in pids:
            os.kill(pid, signal.SIGSTOP)
        return pids

    @staticmethod
    def thaw(pids: list[int]) -> None:
        for pid in pids:
            os.kill(pid, signal.SIGCONT)
