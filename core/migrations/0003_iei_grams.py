"""The SQL function behind the gram columns of core.search (``gram_field``): ``iei_grams(text)``.

The characters of the upper-cased text and each pair of neighbours, as integers: a character is its
code point (positive), a pair ``-1 - ((a * 1114112 + b) mod 2147483647)`` (negative, so never a
character). Grams holding white space are left out (a search term has none). Two pairs may share a
code; the LIKE that always goes with the index (core.search.search_q) makes that harmless. Integers
rather than the characters themselves: 4 bytes a gram instead of about 10 in a text[], which keeps
the table's rows small.

IMMUTABLE (a generated column demands it, and it is: ``upper`` of the database's fixed collation):
changing the body means a new migration that also rebuilds every column made with it.
"""
from django.db import migrations

# The characters Python's str.split() splits on besides the space (so never inside a search term's word),
# made spaces first; tests/platform/test_log_search.py checks the list against str.isspace().
OTHER_SPACES = (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B),
                0x2028, 0x2029, 0x202F, 0x205F, 0x3000)

# One pass over the characters (string_to_array splits into characters; unnest(c, c[2:]) walks the
# neighbour pairs): about three times cheaper than substr() per position, which rescans the string.
CREATE = r"""
CREATE FUNCTION iei_grams(t text) RETURNS integer[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ARRAY(SELECT DISTINCT x FROM (
        SELECT ascii(a) AS x FROM unnest(c) AS a WHERE a <> ' '
        UNION ALL
        SELECT -1 - ((ascii(a)::bigint * 1114112 + ascii(b)) % 2147483647)::integer
        FROM unnest(c, c[2:]) AS p(a, b) WHERE a <> ' ' AND b <> ' '
    ) AS grams ORDER BY 1)
    FROM string_to_array(translate(upper(t), E'OTHER_SPACES', 'AS_MANY_SPACES'), NULL) AS c
$$;
""".replace("OTHER_SPACES", "".join(f"\\u{c:04x}" for c in OTHER_SPACES)).replace(
    "AS_MANY_SPACES", " " * len(OTHER_SPACES))


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_event_record"),
    ]

    operations = [
        migrations.RunSQL(CREATE, reverse_sql="DROP FUNCTION iei_grams(text);"),
    ]
