"""The OIDC provider's validator: claims from the test campus directory; the client named "expired" gets
ID tokens that expired ten minutes ago (the platform must refuse them)."""
import time

from oauth2_provider.oauth2_validators import OAuth2Validator

from .directory import people


class OidcValidator(OAuth2Validator):
    oidc_claim_scope = None  # every claim whatever the scopes: the platform asks for what it maps

    def get_additional_claims(self, request):
        return dict(people().get(request.user.username, {}).get("claims", {}))

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        if request.client.name == "expired":
            claims["exp"] = int(time.time()) - 600
        return claims, expiration_time
