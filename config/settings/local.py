"""Local development and the one-command demo: the embedded services stand in for unset URLs."""
from . import embedded_services  # noqa: F401  (before base: starts what DATABASE_URL/REDIS_URL do not name)
from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
