"""Restore a backup made by `backup` into the configured database and MEDIA_ROOT."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ilv.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup directory made by `backup`: checks it against its manifest, refuses a "
        "database or MEDIA_ROOT that already holds data unless --force, restores (pg_restore "
        "--clean --if-exists --no-owner in one transaction on PostgreSQL), checks every table "
        "against the manifest and puts the files back."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="The backup directory (BACKUP_DIR/ilv-…).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that holds data, and add to a MEDIA_ROOT that holds files.",
        )

    def handle(self, *args, backup, force=False, **options):
        try:
            restored = backup_restore(backup, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        for note in restored.notes:
            self.stderr.write(note)
        self.stdout.write(
            self.style.SUCCESS(
                f"Back-up {backup} teruggezet en nagekeken: {restored.tables} tabellen, "
                f"{restored.rows} rijen, {restored.files} bestanden."
            )
        )
