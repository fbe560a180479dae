"""Bearer tokens for machines, the session for the browser (CSRF checked for writes).

Each endpoint names the capability it needs; the check runs here, before the request body is
read, so a user without the role gets 403 whatever they send.
"""

from ninja.security import HttpBearer, SessionAuth

from govstd.accounts.roles import Capability, require
from govstd.accounts.selectors import user_for_api_key


class TokenAuth(HttpBearer):
    def __init__(self, capability: Capability):
        super().__init__()
        self.capability = capability

    def authenticate(self, request, token: str):
        user = user_for_api_key(key=token)
        if user is None:
            return None
        request.user = user
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
