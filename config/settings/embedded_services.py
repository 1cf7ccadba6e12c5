"""Local and test settings only: the embedded PostgreSQL and Redis for a machine that has neither.

Imported for its effect before ``base`` by ``local.py`` and ``test.py``: where ``DATABASE_URL`` or
``REDIS_URL`` is unset (in the environment and in ``.env``), it starts the embedded server under
``var/`` (core/embedded.py) and sets the variable to it. Production settings never import this
module, so a production process without the URLs refuses to start (``base.py``) instead of running on
a database nobody backs up.
"""
from __future__ import annotations

import os

from .environment import env

if not env("DATABASE_URL", default=""):
    from core.embedded import embedded_database_url

    os.environ["DATABASE_URL"] = embedded_database_url()

if not env("REDIS_URL", default=""):
    from core.embedded import embedded_redis_socket

    _sock = embedded_redis_socket()
    os.environ["REDIS_URL"] = f"unix://{_sock}?db=0"
    os.environ.setdefault("CELERY_BROKER_URL", f"redis+socket://{_sock}?virtual_host=1")
