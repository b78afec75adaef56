"""The `portal` command: set-up and maintenance tasks for people running a Steady install."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import email
import email.policy
import json
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime

from portal_app.background import (
    build_dispatcher,
    dispatch_reminders_forever,
    retention_forever,
    tell_about_alerts_forever,
)
from portal_app.cli_backup import cmd_backup, cmd_backup_new_key, cmd_backup_verify, cmd_restore
from portal_app.cli_clinic import (
    cmd_clinic_age_rules,
    cmd_clinic_create,
    cmd_clinic_invite_admin,
    cmd_clinic_keep,
    cmd_clinic_list,
    cmd_clinic_retention,
)
from portal_app.cli_doctor import cmd_doctor
from portal_app.cli_host import cmd_build, cmd_serve
from portal_app.db import session_scope
from portal_app.safe_logging import configure_portal_logging
from portal_app.services.clinic.demo_history import HISTORY_SIGN_INS, seed_history
from portal_app.services.clinic.demo_second_clinic import SECOND_CLINIC_SIGN_INS, seed_second_clinic
from portal_app.services.clinic.demo_seed import DEMO_PASSWORD, DEMO_SIGN_INS, seed_demo
from portal_app.services.common.audit import verify_chain
from portal_app.services.common.migrations import upgrade_database
from portal_app.services.measures.scoring import ScoringError, parse_answers, score
from portal_app.services.medication.dispatch import Report
from portal_app.services.medication.push import create_vapid_keys, load_vapid, public_key_text
from portal_app.services.records.fhir_export import everything, find_patient
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
    """The demo people, then ten weeks of their (made-up) history, so every screen has
    something to show."""
    with session_scope() as session:
        created = seed_demo(session, date.today())
        if created:
            seed_history(session, date.today())
        second = seed_second_clinic(session, date.today())
    print("Demo clinic created." if created else "Demo clinic already exists; nothing changed.")
    if second:
        print("Second demo clinic (Harbor, at http://127.0.0.1:3000) created.")
    return 0


def cmd_demo_sign_ins(_args: argparse.Namespace) -> int:
    print("Demo sign-ins:")
    for label, address in DEMO_SIGN_INS + HISTORY_SIGN_INS + SECOND_CLINIC_SIGN_INS:
        print(f"  {label:<26} {address}")
    print(f"  Password for every demo account: {DEMO_PASSWORD}")
    print("  Or ask for an email link; without PORTAL_SMTP_URL, `portal outbox` shows it.")
    return 0


def cmd_outbox(_args: argparse.Namespace) -> int:
    """The newest emails in the local outbox (used when no SMTP server is configured)."""
    outbox = get_settings().data_dir / "outbox"
    messages = sorted(outbox.glob("*.eml"), key=lambda path: path.stat().st_mtime)[-5:]
    if not messages:
        print("The outbox is empty.")
    for path in messages:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        print(f"To: {message['To']}\nSubject: {message['Subject']}\n")
        print(message.get_body().get_content())  # type: ignore[union-attr]
        print("-" * 60)
    return 0


def cmd_audit_verify(_args: argparse.Namespace) -> int:
    """Walk the audit chain; exit 1 and say where if any event was changed or removed."""
    with session_scope() as session:
        report = verify_chain(session)
    if report.intact:
        print(f"Audit trail intact: {report.checked} events checked.")
        return 0
    print(f"AUDIT TRAIL BROKEN: {report.problem} ({report.checked} events checked before it).")
    return 1


def cmd_setup(args: argparse.Namespace) -> int:
    """Everything `make run` needs before serving: a secret, the schema and the demo clinic."""
    ensure_secret_file(StorageSettings().data_dir)  # before anything reads the full settings
    get_settings.cache_clear()
    cmd_migrate(args)
    cmd_vapid_keys(args)
    cmd_seed_demo(args)
    return cmd_demo_sign_ins(args)


def cmd_vapid_keys(_args: argparse.Namespace) -> int:
    """Make the Web Push key pair once; print the public key browsers subscribe with."""
    settings = get_settings()
    assert settings.vapid_file is not None
    made = create_vapid_keys(settings.vapid_file)
    vapid = load_vapid(settings.vapid_file)
    assert vapid is not None
    print(("Created" if made else "Kept the existing") + f" VAPID key in {settings.vapid_file}.")
    print(f"Public key: {public_key_text(vapid)}")
    return 0


async def _send_once() -> Report:
    dispatcher = build_dispatcher()
    try:
        return await dispatcher.run_once()
    finally:
        await dispatcher.close()


def cmd_send_due_reminders(_args: argparse.Namespace) -> int:
    report = asyncio.run(_send_once())
    print(
        f"Reminders: {report.claimed} due, {report.sent} pushed, {report.no_device} without "
        f"a device, {report.failed} not delivered, {report.emailed} emailed."
    )
    return 0


def cmd_worker(_args: argparse.Namespace) -> int:
    """Send reminders and alert notices until stopped; run as many as needed (set
    PORTAL_REMINDERS_IN_PROCESS=0 for the app then)."""
    print("Sending reminders. Press Ctrl+C to stop.")
    configure_portal_logging(
        get_settings().log_level, get_settings().log_format
    )  # each round that sent anything
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_work())
    return 0


async def _work() -> None:
    await asyncio.gather(
        dispatch_reminders_forever(every=5), tell_about_alerts_forever(), retention_forever()
    )


def cmd_score(args: argparse.Namespace) -> int:
    """Score a questionnaire: one JSON object on stdout, or a plain message and exit 2.
    Measures scored by a declared rule (pcl5, audit, auditc, epds) take the chosen options'
    positions on the official form."""
    try:
        answers = parse_answers(args.answers)
        result = score(args.instrument, answers)
    except ScoringError as problem:
        print(f"portal score: {problem}", file=sys.stderr)
        return 2
    print(json.dumps(result.as_dict()))
    return 0


def cmd_export_fhir(args: argparse.Namespace) -> int:
    """The patient's record (by id or email) as a FHIR Bundle on stdout; audited."""
    with session_scope() as db:
        patient_id = find_patient(db, args.patient)
        if patient_id is None:
            print(f"portal export-fhir: no patient {args.patient!r}", file=sys.stderr)
            return 2
        bundle = everything(db, None, patient_id, now=datetime.now(UTC))
    print(json.dumps(bundle, ensure_ascii=False, indent=1))
    return 0


COMMANDS: dict[str, tuple[str, Callable[[argparse.Namespace], int]]] = {
    "setup": ("create the secret, migrate and seed the demo clinic once", cmd_setup),
    "migrate": ("apply database migrations", cmd_migrate),
    "seed-demo": ("create the demo clinic and people (only once)", cmd_seed_demo),
    "demo-sign-ins": ("print the demo sign-ins", cmd_demo_sign_ins),
    "outbox": ("show the newest emails in the local outbox", cmd_outbox),
    "audit verify": ("check that no audit event was changed or removed", cmd_audit_verify),
    "vapid-keys": ("create the Web Push (VAPID) key pair once", cmd_vapid_keys),
    "send-due-reminders": ("send the reminders that are due now, once", cmd_send_due_reminders),
    "worker": ("send reminders until stopped (for more than one process)", cmd_worker),
    "backup": ("write a sealed backup of the database and keys", cmd_backup),
    "backup verify": ("check a backup file through, without restoring it", cmd_backup_verify),
    "backup new-key": (
        "make the key that seals backups (keep a copy elsewhere)",
        cmd_backup_new_key,
    ),
    "restore": ("restore a backup into an empty database and data folder", cmd_restore),
    "doctor": ("check settings, secrets, database, clock, push, mail, disk, backups", cmd_doctor),
    "build": ("build the pages once for `portal serve` (a cluster's app hosts)", cmd_build),
    "serve": ("serve the built portal on one app host, e.g. 127.0.0.1:8000", cmd_serve),
    "score": ("score a questionnaire, e.g. portal score phq9 0,1,2,3,0,1,2,3,1", cmd_score),
    "export-fhir": ("write a patient's record (id or email) as a FHIR Bundle", cmd_export_fhir),
    "clinic age-rules": (
        "set when a child's guardian sees less (teen) and nothing (adult)",
        cmd_clinic_age_rules,
    ),
    "clinic create": ("add a clinic at its own hostname", cmd_clinic_create),
    "clinic invite-admin": ("invite a clinic's first admin by email", cmd_clinic_invite_admin),
    "clinic list": ("list the clinics and where each is served", cmd_clinic_list),
    "clinic retention": (
        "show how long the clinic keeps short-lived records",
        cmd_clinic_retention,
    ),
    "clinic keep": ("set how many days the clinic keeps one kind of record", cmd_clinic_keep),
}
# Positional arguments of the commands that take any.
ARGUMENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "score": (
        ("instrument", "phq9, gad7, phq2, gad2, cssrs, pcl5, audit, auditc or epds"),
        (
            "answers",
            "answers in question order, comma-separated; - for not answered (pcl5, audit, "
            "auditc, epds: each chosen option's position on the official form, 0 = first)",
        ),
    ),
    "serve": (("address", "where to listen, host:port, e.g. 127.0.0.1:8000"),),
    "backup verify": (("file", "the backup file"),),
    "backup new-key": (("file", "where to write the new key, e.g. /root/steady-backup.key"),),
    "restore": (("file", "the backup file"),),
    "export-fhir": (("patient", "the patient's id or email, e.g. alex@example.org"),),
    "clinic age-rules": (
        ("clinic", "the clinic's short name, e.g. steady-demo"),
        ("teen_from", "from this age a teen's check-ins and messages are theirs (e.g. 12)"),
        ("adult", "at this age a guardian's access ends (e.g. 18)"),
    ),
    "clinic create": (
        ("name", "the clinic's name as patients see it, e.g. 'Riverside Health'"),
        ("hostname", "where it is served, e.g. riverside.example.org"),
    ),
    "clinic retention": (("clinic", "the clinic's short name, e.g. steady-demo"),),
    "clinic keep": (
        ("clinic", "the clinic's short name, e.g. steady-demo"),
        ("rule", "e.g. sessions, message_drafts (see `portal clinic retention`)"),
        ("days", "how many days to keep them"),
    ),
    "clinic invite-admin": (
        ("hostname", "the clinic's hostname"),
        ("email", "the admin's email"),
        ("full_name", "the admin's full name"),
    ),
}


def build_parser() -> argparse.ArgumentParser:
    """One sub-command per COMMANDS entry; "group verb" names become nested sub-commands (a
    group that is a command itself, like `backup`, runs when no verb follows)."""
    parser = argparse.ArgumentParser(prog="portal", description="Run and look after Steady.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    parsers: dict[str, argparse.ArgumentParser] = {}
    verbs: dict[str, argparse._SubParsersAction[argparse.ArgumentParser]] = {}
    for name, (help_text, handler) in COMMANDS.items():
        group, _, verb = name.rpartition(" ")
        if group and group not in verbs:
            if group not in parsers:
                parsers[group] = commands.add_parser(group, help=f"{group} commands")
            verbs[group] = parsers[group].add_subparsers(
                dest=group, required=group not in COMMANDS, metavar="VERB"
            )
        target = verbs[group] if group else commands
        command = target.add_parser(verb, help=help_text, description=help_text)
        if not group:
            parsers[verb] = command
        for argument, argument_help in ARGUMENTS.get(name, ()):
            command.add_argument(argument, help=argument_help)
        command.set_defaults(run=handler)
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
