"""The `sellerdesk` console command: a thin wrapper around Django's manage.py."""

import os
import sys


def command_name(name: str) -> str:
    """`compliance-check` runs the `compliance_check` command (Python module names cannot have dashes).

    A command whose own name has a dash keeps it.
    """
    if name.startswith("-") or "-" not in name:
        return name
    import django
    from django.core.management import get_commands

    django.setup()
    commands = get_commands()
    underscored = name.replace("-", "_")
    return underscored if name not in commands and underscored in commands else name


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sellerdesk.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "sellerdesk"
    if len(argv) > 1:
        argv[1] = command_name(argv[1])
    if len(argv) > 1 and argv[1] == "run":
        from django.conf import settings

        from sellerdesk.ops.metrics_dir import share_with_children

        share_with_children(settings.DATA_DIR)  # before anything imports prometheus_client
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
