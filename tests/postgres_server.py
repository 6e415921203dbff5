"""A throwaway PostgreSQL cluster from the Debian packages (scripts/system-deps.sh), in a temp dir on 127.0.0.1.

initdb and postgres refuse to run as root, so as root they run as the `postgres` user the package creates. The
server dies with the test process (PR_SET_PDEATHSIG, fast shutdown), and can be stopped and started again on the same
port and folder to play a database restart.
"""

from __future__ import annotations

import ctypes
import glob
import os
import pwd
import shutil
import signal
import subprocess
import time
from pathlib import Path

import psycopg

from chroma_server import free_port, stop_process


def binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def why_not() -> str | None:
    """None when a cluster can be started here; else the reason to skip."""
    if binaries() is None:
        return "no PostgreSQL server binaries (Debian package postgresql: bash scripts/system-deps.sh)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no `postgres` user to run the server as"
    return None


class PostgresProcess:
    def __init__(self, folder: Path) -> None:
        self.folder, self.port = folder, free_port()
        self.data, self.sockets = folder / "cluster", folder / "sockets"
        self.url = f"postgresql://assistant@127.0.0.1:{self.port}/postgres"
        self._proc: subprocess.Popen | None = None
        user = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
        self._ids = (user.pw_uid, user.pw_gid) if user else None

    def _as_owner(self) -> None:
        if self._ids:
            os.setgid(self._ids[1])
            os.setuid(self._ids[0])
        # after setuid, which clears it: stop at once (SIGINT = fast shutdown) if the test process dies
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGINT)

    def init(self) -> PostgresProcess:
        for d in (self.folder, self.sockets):
            d.mkdir(parents=True, exist_ok=True)
            if self._ids:
                os.chown(d, *self._ids)
        subprocess.run([str(binaries() / "initdb"), "-D", str(self.data), "-U", "assistant", "--auth=trust",
                        "--encoding=UTF8", "--locale=C"], check=True, capture_output=True, preexec_fn=self._as_owner,
                       timeout=120)
        return self

    def start(self) -> PostgresProcess:
        log = (self.folder / "postgres.log").open("ab")
        self._proc = subprocess.Popen(
            [str(binaries() / "postgres"), "-D", str(self.data), "-p", str(self.port), "-k", str(self.sockets),
             "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, preexec_fn=self._as_owner)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"postgres exited with {self._proc.returncode}: see {log.name}")
            try:
                psycopg.connect(self.url, connect_timeout=2).close()
                return self
            except psycopg.OperationalError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("postgres did not accept connections within 60 s")

    def stop(self) -> None:
        stop_process(self._proc, signal.SIGINT, 30)  # fast shutdown: open connections are cut, as in a crash
        self._proc = None
