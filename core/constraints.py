"""Exclusion constraints that need no PostgreSQL extension.

``EXCLUDE USING gist (resource_id WITH =, period WITH &&)`` needs btree_gist for the integer column,
and the embedded PostgreSQL (pgserver) ships no contrib extensions. A one-point integer range
``int8range(id, id, '[]')`` compared with ``&&`` means the same "same resource", and range types have
GiST support in core PostgreSQL.
"""
from django.contrib.postgres.fields import BigIntegerRangeField
from django.db.models import F, Func, Value


def same_id(field: str) -> Func:
    """An expression for ``(same_id("equipment"), RangeOperators.OVERLAPS)`` in an ExclusionConstraint."""
    return Func(F(field), F(field), Value("[]"), function="int8range", output_field=BigIntegerRangeField())
