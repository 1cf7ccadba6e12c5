"""Backup is proved, not assumed: dump, restore into a new database, compare every table's count."""
import pytest
from django.core.management import call_command

from accounts.models import Organization
from core import backup


@pytest.mark.django_db(transaction=True)
def test_dump_restore_and_compare_counts(tmp_path, college, enterprise_org, teacher, student):
    path = backup.dump(tmp_path / "db.dump")
    scratch = "iei_test_restore_check"
    backup.drop_database(scratch)
    try:
        backup.restore(path, target_db=scratch)
        source, restored = backup.table_counts(), backup.table_counts(scratch)
    finally:
        backup.drop_database(scratch)
    assert source == restored
    assert restored["accounts_organization"] == Organization.objects.count() >= 3
    assert restored["accounts_user"] >= 2


@pytest.mark.django_db(transaction=True)
def test_backup_command_verifies(tmp_path, college, capsys):
    call_command("backup", out=str(tmp_path / "x.dump"), verify=True)
    assert "restore verified" in capsys.readouterr().out
