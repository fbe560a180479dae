"""Bearer tokens for machines, the session for the browser (CSRF checked for writes).

Each endpoint names the capability it needs; the check runs here, before the request body is
read, so a user without the role gets 403 whatever they send. A token works only while its
account may act: a deactivated account or one locked by failed logins is refused (403, in the
audit log) — its sessions are ended by ``accounts.middleware.AccountStateMiddleware``.
"""

from ninja.security import HttpBearer, SessionAuth

from govstd.accounts.roles import Capability, require
from govstd.accounts.selectors import account_refusal, user_for_api_key
from govstd.errors import PermissionDenied


class TokenAuth(HttpBearer):
    def __init__(self, capability: Capability):
        super().__init__()
        self.capability = capability

    def authenticate(self, request, token: str):
        user = user_for_api_key(key=token)
        if user is None:
            return None
        request.user = user
        if (reason := account_refusal(user=user)) is not None:
            raise PermissionDenied(reason)
        require(user, self.capability)
        return user


class CapabilitySessionAuth(SessionAuth):
    def __init__(self, capability: Capability):
        super().__init__(csrf=True)
        self.capability = capability

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is not None:
            require(user, self.capability)
        return user


def authorized(capability: Capability) -> list:
    """The authentication an endpoint needing ``capability`` accepts."""
    return [TokenAuth(capability), CapabilitySessionAuth(capability)]
