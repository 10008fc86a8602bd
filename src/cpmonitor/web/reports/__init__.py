"""Scrutiny reports asked for on the web, made by a background task and downloaded once ready."""
