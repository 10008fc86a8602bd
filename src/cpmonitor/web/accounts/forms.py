"""Sign-in and two-factor forms."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from .lockout import is_locked_out


class SignInForm(AuthenticationForm):
    """User name and password; a locked-out user name is told so (and not checked)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct user name and password. Both are case-sensitive.",
        "locked": (
            "This account is locked after too many failed sign-ins. Try again in "
            "%(minutes)s minutes, or ask an administrator to unlock it."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "User name"

    def clean(self):
        from django.conf import settings

        username = self.cleaned_data.get("username")
        try:
            return super().clean()
        except ValidationError:
            if is_locked_out(username) or getattr(self.request, "cpmonitor_locked_out", False):
                raise ValidationError(
                    self.error_messages["locked"],
                    code="locked",
                    params={"minutes": settings.CPMONITOR_LOCKOUT_MINUTES},
                ) from None
            raise


class TokenForm(forms.Form):
    """A six-digit code from an authenticator app."""

    token = forms.CharField(
        label="Security code",
        max_length=8,
        help_text="The 6-digit code shown in your authenticator app",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit() or len(token) != 6:
            raise ValidationError("Enter the 6-digit code from your authenticator app")
        return token
