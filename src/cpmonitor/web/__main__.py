"""``python -m cpmonitor.web <command>``: Django's management commands for this project."""

import os
import sys

from django.core.management import execute_from_command_line


def main() -> None:
    """Run a Django management command with cpmonitor's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpmonitor.web.settings")
    execute_from_command_line(["cpmonitor.web", *sys.argv[1:]])


if __name__ == "__main__":
    main()
