"""The people of the test campus, from ``people.json`` (written by the test fixture in the server's folder):
each person's password, the attributes the CAS server releases and the claims the OIDC provider issues."""
import json
from functools import cache

from django.conf import settings


@cache
def people() -> dict:
    return json.loads(settings.PEOPLE_FILE.read_text())["people"]
