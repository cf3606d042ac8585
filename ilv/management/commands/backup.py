"""Back up the database and the uploaded files into one directory under BACKUP_DIR."""

import argparse

from django.core.management.base import BaseCommand, CommandError

from ilv.backups import BackupError, backup_create


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("--keep vraagt 1 of meer")
    return number


class Command(BaseCommand):
    help = (
        "Write a backup to a new directory under BACKUP_DIR: the database (pg_dump --format=custom "
        "on PostgreSQL, a consistent copy on SQLite), MEDIA_ROOT without the PDF cache, and a "
        "manifest with row counts and checksums that `restore` checks. --keep N removes all but "
        "the N newest backups afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep", type=positive, metavar="N", help="Keep only the N newest backups."
        )

    def handle(self, *args, keep=None, **options):
        try:
            backup = backup_create(keep=keep)
        except BackupError as error:
            raise CommandError(str(error)) from None
        for name in backup.missing_files:
            self.stderr.write(f"Ontbreekt in MEDIA_ROOT, maar de databank verwijst ernaar: {name}")
        for path in backup.pruned:
            self.stdout.write(f"Oude back-up verwijderd: {path}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Back-up gemaakt: {backup.path} ({backup.tables} tabellen, {backup.rows} rijen, "
                f"{backup.files} bestanden)."
            )
        )
