"""The `portal` command: set-up and maintenance tasks for people running a Steady install."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date

from portal_app.db import session_scope
from portal_app.services.demo_seed import DEMO_SIGN_INS, seed_demo
from portal_app.services.migrations import upgrade_database
from portal_app.settings import (
    InsecureSettingsError,
    StorageSettings,
    ensure_secret_file,
    get_settings,
)


def cmd_migrate(_args: argparse.Namespace) -> int:
    upgrade_database()
    print("Database is up to date.")
    return 0


def cmd_seed_demo(_args: argparse.Namespace) -> int:
    with session_scope() as session:
        created = seed_demo(session, date.today())
    print("Demo clinic created." if created else "Demo clinic already exists; nothing changed.")
    return 0


def cmd_demo_sign_ins(_args: argparse.Namespace) -> int:
    print("Demo sign-ins:")
    for label, email in DEMO_SIGN_INS:
        print(f"  {label:<26} {email}")
    return 0


def cmd_setup(args: argparse.Namespace) -> int:
    """Everything `make run` needs before serving: a secret, the schema and the demo clinic."""
    ensure_secret_file(StorageSettings().data_dir)  # before anything reads the full settings
    get_settings.cache_clear()
    cmd_migrate(args)
    cmd_seed_demo(args)
    return cmd_demo_sign_ins(args)


COMMANDS: dict[str, tuple[str, Callable[[argparse.Namespace], int]]] = {
    "setup": ("create the secret, migrate and seed the demo clinic once", cmd_setup),
    "migrate": ("apply database migrations", cmd_migrate),
    "seed-demo": ("create the demo clinic and people (only once)", cmd_seed_demo),
    "demo-sign-ins": ("print the demo sign-ins", cmd_demo_sign_ins),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="portal", description="Run and look after Steady.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (help_text, handler) in COMMANDS.items():
        commands.add_parser(name, help=help_text, description=help_text).set_defaults(run=handler)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result: int = args.run(args)
    except InsecureSettingsError as refusal:
        print(f"portal: {refusal}", file=sys.stderr)
        return 2
    return result


if __name__ == "__main__":
    sys.exit(main())
