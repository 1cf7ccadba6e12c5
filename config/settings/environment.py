"""The environment every settings module reads: the process's variables plus the optional ``.env`` file."""
from __future__ import annotations

import os
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
# Variables already set win over the file (overwrite=False), so a deployment's own values always count.
environ.Env.read_env(os.environ.get("IEI_ENV_FILE", str(BASE_DIR / ".env")), overwrite=False)
