"""Uploads: an analyst uploads returns, sees the issues, confirms, and the import runs whole."""
