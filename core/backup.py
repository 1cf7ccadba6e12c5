"""Backup and restore of the whole PostgreSQL database with pg_dump / pg_restore.

The binaries come from PATH, or from the embedded server's package (pgserver) when that is what
runs; a dump taken in custom format restores into any new database of the same or newer major.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from django.db import connection


def _binary(name: str) -> str:
    try:
        import pgserver

        embedded = Path(pgserver.__file__).parent / "pginstall" / "bin" / name
    except ImportError:  # pragma: no cover - production images may not ship pgserver
        embedded = None
    host = connection.settings_dict.get("HOST") or ""
    if embedded and embedded.exists() and (host.startswith("/") or not shutil.which(name)):
        return str(embedded)
    found = shutil.which(name)
    if not found:
        raise FileNotFoundError(f"{name} not found; install the PostgreSQL client tools")
    return found


def _conn_args(dbname: str | None = None) -> tuple[list[str], dict]:
    s = connection.settings_dict
    args = ["-h", s.get("HOST") or "127.0.0.1", "-U", s.get("USER") or "postgres"]
    if s.get("PORT"):
        args += ["-p", str(s["PORT"])]
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    return args + ["-d", dbname or s["NAME"]], env


def dump(path: Path, *, dbname: str | None = None) -> Path:
    args, env = _conn_args(dbname)
    subprocess.run([_binary("pg_dump"), "-Fc", "--no-owner", "-f", str(path), *args], check=True, env=env)
    return path


def restore(path: Path, *, target_db: str) -> None:
    """Create ``target_db`` and restore the dump into it (it must not exist yet)."""
    with connection.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{target_db}"')
    args, env = _conn_args(target_db)
    subprocess.run([_binary("pg_restore"), "--no-owner", "--exit-on-error", *args, str(path)], check=True, env=env)


def table_counts(dbname: str | None = None) -> dict[str, int]:
    """Exact row counts of every table of the public schema, through psql so any database can be read."""
    args, env = _conn_args(dbname)
    sql = (
        "SELECT string_agg(format('SELECT %L, count(*) FROM %I', tablename, tablename), ' UNION ALL ') "
        "FROM pg_tables WHERE schemaname = 'public'"
    )
    psql = _binary("psql")
    query = subprocess.run([psql, "-tA", *args, "-c", sql], check=True, env=env, capture_output=True, text=True)
    out = subprocess.run([psql, "-tA", "-F", "\t", *args, "-c", query.stdout.strip()], check=True, env=env,
                         capture_output=True, text=True)
    counts = {}
    for line in out.stdout.splitlines():
        if "\t" in line:
            name, n = line.split("\t")
            counts[name] = int(n)
    return counts


def drop_database(name: str) -> None:
    with connection.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
