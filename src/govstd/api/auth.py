"""Bearer tokens for machines, the session for the browser (CSRF checked for writes)."""

from ninja.security import HttpBearer, django_auth

from govstd.accounts.selectors import user_for_api_key


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        user = user_for_api_key(key=token)
        if user is not None:
            request.user = user
        return user


AUTH = [TokenAuth(), django_auth]
