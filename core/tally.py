"""Counts the database keeps: how many rows of a busy table each enterprise holds in each status.

A list's total or a dashboard's figure over a table that everyone writes (applications, weekly logs,
placements) is forgotten by every write of anyone's row (``core.counting`` keeps a result per table version),
so under a province's traffic it is recounted on nearly every request: 30–150 ms for an enterprise's 60,000
applications or the college's six million logs. A tally table ``(enterprise_id, status, n)`` kept by statement triggers
answers the same figure from a handful of rows, exact in the same transaction whatever wrote the rows (a
service's step, a bulk ``update()``, an import, ``COPY``).

The counted rows name their enterprise themselves (a placement) or through a parent row (an application's
posting, a log's placement): ``tally_sql`` writes the triggers for either. One trigger per statement, not per
row: the changed rows arrive as transition tables and are added to the tally in one grouped upsert, which takes
the tally's rows in ``(enterprise, status)`` order, so two transactions that touch the same rows queue instead
of deadlocking. A parent moved to another enterprise (the API refuses it; Django admin or SQL could) moves its
rows' counts.

The tally rows are never written from Python; an enterprise's rows go with it (``ON DELETE CASCADE`` in the
database). ``pg_dump`` creates triggers after loading the data, so a restore neither doubles nor loses a count.
"""
from __future__ import annotations

from django.db import models


class EnterpriseTally(models.Model):
    """A tally table: ``n`` rows of the counted table in ``status`` for ``enterprise`` (module docstring)."""

    pk = models.CompositePrimaryKey("enterprise", "status")
    # The database cascades (``tally_sql``): a Django-side cascade could delete the rows before the counted rows
    # whose deletion the trigger then subtracts from them. The primary key's index leads with the enterprise.
    enterprise = models.ForeignKey("accounts.Organization", on_delete=models.DO_NOTHING, db_constraint=False,
                                   db_index=False, related_name="+")
    status = models.CharField(max_length=20)
    n = models.IntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.status}: {self.n}"

    @classmethod
    def rows(cls, enterprise_ids=None, status: str | None = None) -> models.QuerySet:
        """The tally rows of ``enterprise_ids`` (None: every enterprise's), of ``status`` when given."""
        rows = cls.objects.all() if enterprise_ids is None else cls.objects.filter(enterprise_id__in=enterprise_ids)
        return rows if status is None else rows.filter(status=status)

    @classmethod
    def total(cls, enterprise_ids=None, status: str | None = None) -> int:
        """How many counted rows ``rows(enterprise_ids, status)`` stand for: one query, a handful of tally rows."""
        return cls.rows(enterprise_ids, status).aggregate(total=models.Sum("n"))["total"] or 0


_UPSERT = """
    INSERT INTO {tally} AS t (enterprise_id, status, n)
    SELECT enterprise_id, status, sum(delta) FROM ({rows}) changed
    GROUP BY 1, 2 HAVING sum(delta) <> 0 ORDER BY 1, 2
    ON CONFLICT (enterprise_id, status) DO UPDATE SET n = t.n + EXCLUDED.n;"""


def tally_sql(*, tally: str, source: str, name: str, parent: str | None = None, link: str = "") -> tuple[str, str]:
    """``(install, remove)`` SQL keeping ``tally`` equal to the rows of ``source`` grouped by their enterprise and
    their own ``status``: the ``enterprise_id`` of their ``parent`` row (``source.link`` names it), or without a
    ``parent`` their own ``enterprise_id``. ``name`` prefixes the triggers and functions. ``install`` also fills
    the tally from the rows already there (one grouped scan).

    Migrations run it (``migrations.RunSQL(*tally_sql(...))``): a change of the SQL written here changes what a
    fresh database installs, so it comes with a migration that replaces the functions of the databases already
    migrated."""
    if parent is None:
        link = "enterprise_id"

    def key(alias: str) -> str:
        return f"{alias}.enterprise_id" if parent is None else "p.enterprise_id"

    def join(alias: str) -> str:
        return "" if parent is None else f" JOIN {parent} p ON p.id = {alias}.{link}"

    def upsert(rows: str) -> str:
        return _UPSERT.format(tally=tally, rows=rows)

    moved = f"(o.{link}, o.status) IS DISTINCT FROM (m.{link}, m.status)"
    changed = f"""
        SELECT {key("o")}, o.status, -1 AS delta FROM tally_old o JOIN tally_new m ON m.id = o.id{join("o")}
         WHERE {moved}
        UNION ALL
        SELECT {key("m")}, m.status, 1 FROM tally_old o JOIN tally_new m ON m.id = o.id{join("m")}
         WHERE {moved}"""
    parents_moved = f"""
        SELECT o.enterprise_id, s.status, -1 AS delta
          FROM parent_old o JOIN parent_new m ON m.id = o.id JOIN {source} s ON s.{link} = o.id
         WHERE o.enterprise_id <> m.enterprise_id
        UNION ALL
        SELECT m.enterprise_id, s.status, 1
          FROM parent_old o JOIN parent_new m ON m.id = o.id JOIN {source} s ON s.{link} = o.id
         WHERE o.enterprise_id <> m.enterprise_id"""
    # A parent moved to another enterprise moves its rows' counts. Every UPDATE of the parents fires it (a trigger
    # with transition tables takes no column list): the join finds no row unless an enterprise changed.
    parent_trigger = "" if parent is None else f"""
CREATE FUNCTION {name}_parent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN{upsert(parents_moved)}
    RETURN NULL;
END
$$;
CREATE TRIGGER {name}_parent AFTER UPDATE ON {parent}
    REFERENCING OLD TABLE AS parent_old NEW TABLE AS parent_new FOR EACH STATEMENT EXECUTE FUNCTION {name}_parent();
"""
    install = f"""
ALTER TABLE {tally}
    ADD CONSTRAINT {tally}_enterprise_fk FOREIGN KEY (enterprise_id)
    REFERENCES accounts_organization (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;

CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN{upsert(f"SELECT {key('s')}, s.status, 1 AS delta FROM tally_new s{join('s')}")}
    ELSIF TG_OP = 'DELETE' THEN{upsert(f"SELECT {key('s')}, s.status, -1 AS delta FROM tally_old s{join('s')}")}
    ELSE{upsert(changed)}
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER {name}_insert AFTER INSERT ON {source}
    REFERENCING NEW TABLE AS tally_new FOR EACH STATEMENT EXECUTE FUNCTION {name}();
CREATE TRIGGER {name}_update AFTER UPDATE ON {source}
    REFERENCING OLD TABLE AS tally_old NEW TABLE AS tally_new FOR EACH STATEMENT EXECUTE FUNCTION {name}();
CREATE TRIGGER {name}_delete AFTER DELETE ON {source}
    REFERENCING OLD TABLE AS tally_old FOR EACH STATEMENT EXECUTE FUNCTION {name}();
{parent_trigger}
INSERT INTO {tally} (enterprise_id, status, n)
SELECT {key("s")}, s.status, count(*) FROM {source} s{join("s")} GROUP BY 1, 2;
-- Checked now: a deferred check still pending would stop the rest of the migration from altering the table.
SET CONSTRAINTS {tally}_enterprise_fk IMMEDIATE;
"""
    remove = f"""
{"" if parent is None else f"DROP TRIGGER {name}_parent ON {parent};"}
DROP TRIGGER {name}_insert ON {source};
DROP TRIGGER {name}_update ON {source};
DROP TRIGGER {name}_delete ON {source};
{"" if parent is None else f"DROP FUNCTION {name}_parent();"}
DROP FUNCTION {name}();
"""
    return install, remove
