"""cpmonitor: repeat child protection plans from CIN census returns."""

__version__ = "0.1.0"
