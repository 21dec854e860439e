"""`danvan backup` / `danvan restore`: a restored database matches the backup's manifest (row
counts and checksums per table), and a damaged or tampered backup is refused with nothing changed."""

import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TransactionTestCase

from front.backup import backup


class BackupRestoreTest(TransactionTestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(prefix="danvan-backup-"))
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        if connection.vendor == "postgresql" and not shutil.which("pg_dump"):
            self.skipTest("pg_dump is not installed")
        Group.objects.bulk_create(Group(name=n) for n in ("Ban Dân vận", "Mặt trận Tổ quốc", "Hội Nông dân"))

    def names(self):
        return sorted(Group.objects.values_list("name", flat=True))

    def test_a_restore_brings_back_exactly_what_was_backed_up(self):
        path = self.dir / "sao-luu.bin"
        call_command("backup", output=path, stdout=open("/dev/null", "w"))  # noqa: SIM115
        manifest = json.loads(path.with_name(path.name + ".json").read_text())
        self.assertEqual(manifest["vendor"], connection.vendor)
        self.assertEqual(manifest["tables"]["auth_group"]["rows"], 3)
        before = self.names()

        Group.objects.filter(name="Hội Nông dân").delete()
        Group.objects.create(name="Đoàn Thanh niên")
        Group.objects.filter(name="Ban Dân vận").update(name="Ban Tuyên giáo và Dân vận")
        self.assertNotEqual(self.names(), before)

        call_command("restore", path, yes=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
        self.assertEqual(self.names(), before)
        # Every table — row counts and checksums — is as the manifest says.
        again = backup(self.dir / "sau-khoi-phuc.bin").manifest
        self.assertEqual(again["tables"], manifest["tables"])

    def test_a_restore_needs_confirmation(self):
        path = backup(self.dir / "a.bin").path
        Group.objects.create(name="Đoàn Thanh niên")
        with self.assertRaisesMessage(CommandError, "--yes"):
            call_command("restore", path)
        self.assertIn("Đoàn Thanh niên", self.names())

    def test_a_backup_never_overwrites_a_file(self):
        path = backup(self.dir / "a.bin").path
        with self.assertRaisesMessage(CommandError, "đã tồn tại"):
            call_command("backup", output=path)

    def test_a_file_without_its_manifest_is_refused(self):
        path = self.dir / "khong-mo-ta.bin"
        path.write_bytes(b"not a backup")
        with self.assertRaisesMessage(CommandError, "Thiếu tệp mô tả"):
            call_command("restore", path, yes=True)
        self.assertEqual(len(self.names()), 3)


class SqliteBackupDamageTest(TransactionTestCase):
    """SQLite backups are files an operator may copy around: damage and tampering are caught."""

    def setUp(self):
        if connection.vendor != "sqlite":
            self.skipTest("SQLite backup files")
        self.dir = Path(tempfile.mkdtemp(prefix="danvan-backup-"))
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        Group.objects.create(name="Ban Dân vận")
        self.path = backup(self.dir / "a.sqlite3").path
        Group.objects.create(name="Đoàn Thanh niên")

    def assertRefused(self, message):
        with self.assertRaisesMessage(CommandError, message):
            call_command("restore", self.path, yes=True)
        self.assertEqual(sorted(Group.objects.values_list("name", flat=True)), ["Ban Dân vận", "Đoàn Thanh niên"])

    def test_a_file_that_is_not_sqlite_is_refused(self):
        self.path.write_bytes(b"PK\x03\x04 this is a zip file")
        self.assertRefused("không phải bản sao lưu SQLite")

    def test_a_truncated_file_is_refused(self):
        data = self.path.read_bytes()
        self.path.write_bytes(data[: len(data) // 3])
        self.assertRefused("hỏng")

    def test_a_backup_changed_after_it_was_made_is_refused(self):
        with sqlite3.connect(self.path) as conn:
            conn.execute("UPDATE auth_group SET name = 'Giả mạo'")
        self.assertRefused("không khớp tệp mô tả")

    def test_the_backup_is_consistent_while_the_site_writes(self):
        # The copy is taken through SQLite's online backup API: it is one snapshot that passes
        # the integrity check and holds the rows committed before it started.
        with sqlite3.connect(self.path) as conn:
            self.assertEqual(conn.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            self.assertEqual(conn.execute("SELECT name FROM auth_group").fetchall(), [("Ban Dân vận",)])
