"""Run one test campus server: ``python -m tests.signon.servers.serve cas|oidc DIR``.

Migrates its own sqlite database in DIR, loads ``DIR/setup.json`` (people, services, clients), binds a
free port on 127.0.0.1 and prints ``READY <base url>``, then serves until it is terminated.
"""
import json
import os
import sys


def setup_cas(spec: dict) -> None:
    from cas_server.models import ReplaceAttributName, ServicePattern

    pattern = ServicePattern.objects.create(name="platform", pattern=spec["service_pattern"], pos=1)
    ReplaceAttributName.objects.create(name="*", service_pattern=pattern)  # release every attribute


def setup_oidc(spec: dict) -> None:
    from django.contrib.auth import get_user_model
    from oauth2_provider.models import Application

    for username, person in spec["people"].items():
        get_user_model().objects.create_user(username=username, password=person["password"])
    for client in spec["clients"]:
        Application.objects.create(
            name=client["name"], client_id=client["client_id"], client_secret=client["client_secret"],
            client_type=Application.CLIENT_CONFIDENTIAL, authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=client["redirect_uri"], post_logout_redirect_uris=client["post_logout_redirect_uri"],
            algorithm=Application.RS256_ALGORITHM, skip_authorization=client.get("skip_authorization", True),
        )


def main() -> None:
    kind, directory = sys.argv[1], sys.argv[2]
    os.environ["IEI_TEST_SERVER_DIR"] = directory
    os.environ["DJANGO_SETTINGS_MODULE"] = f"tests.signon.servers.{kind}_settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.servers.basehttp import run
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    with open(os.path.join(directory, "people.json"), encoding="utf-8") as fh:
        spec = json.load(fh)
    {"cas": setup_cas, "oidc": setup_oidc}[kind](spec)
    connection.close()  # each request thread opens its own

    def ready(port: int) -> None:
        print(f"READY http://127.0.0.1:{port}", flush=True)

    run("127.0.0.1", 0, get_wsgi_application(), threading=True, on_bind=ready)


if __name__ == "__main__":
    main()
