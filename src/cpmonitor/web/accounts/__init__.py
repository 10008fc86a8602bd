"""Accounts: sign-in with lockout, two-factor, roles, sign-in history and the access log."""
