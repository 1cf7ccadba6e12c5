"""django-cas-server's authentication class over the test campus directory (its ``CAS_AUTH_CLASS``)."""
from cas_server.auth import AuthUser

from .directory import people


class CasDirectoryUser(AuthUser):
    def test_password(self, password):
        person = people().get(self.username)
        return person is not None and person["password"] == password

    def attributs(self):
        return dict(people().get(self.username, {}).get("attributes", {}))
