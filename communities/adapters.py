import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # No open sign-up: people join a community through an invitation link.
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """An admin or treasurer who has just typed their password to sign in is sent to set up two-factor
        authentication; allauth would ask for the password again first (it counts only an explicit
        re-authentication as recent). A password sign-in within ACCOUNT_REAUTHENTICATION_TIMEOUT counts too,
        for the two-factor pages only; after that the password is asked again, as allauth does."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = self.request
        if app != "allauth.mfa" or request is None or not request.user.is_authenticated:
            return True
        signed_in = [
            r["at"]
            for r in get_authentication_records(request, request.user)
            if r.get("method") == "password"
        ]
        return not signed_in or time.time() - signed_in[-1] >= account_settings.REAUTHENTICATION_TIMEOUT
