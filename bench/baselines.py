"""Hand-written baselines for the heaviest list endpoints: what the hardware allows.

Each baseline reads the same page of rows, in the same order and with the same fields as the
endpoint's JSON (the total count included, as a scalar subquery PostgreSQL runs once), with ONE raw SQL query, and
serializes it with the standard ``json`` module. No scoping, no authentication, no middleware: the
floor that the endpoint (which does all of that) is held to within 3x. bench/run.py times both
side by side in the same process.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import connection


@dataclass(frozen=True)
class Case:
    resource: str
    sql: str  # takes %(limit)s; the first column is the total count


# The same rows as the endpoints as a college admin sees them, ordered like the model's Meta.ordering.
CASES = [
    Case("weekly-logs", """
        SELECT (SELECT count(*) FROM internships_weeklylog) AS total, l.id, l.placement_id AS placement, l.week_no,
               l.content, l.status,
               l.submitted_at, l.submitted_at::date > (p.start_date + l.week_no * 7 + 3) AS is_late,
               l.mentor_comment, l.grade, l.reviewed_by_id AS reviewed_by, l.reviewed_at, l.enterprise_comment,
               l.enterprise_commented_at,
               COALESCE((SELECT json_agg(json_build_object('id', a.id, 'file', a.file, 'name', a.name,
                                                          'uploaded_at', a.uploaded_at) ORDER BY a.uploaded_at, a.id)
                         FROM internships_weeklylogattachment a WHERE a.log_id = l.id), '[]') AS attachments
        FROM internships_weeklylog l JOIN internships_placement p ON p.id = l.placement_id
        ORDER BY l.placement_id, l.week_no LIMIT %(limit)s"""),
    Case("applications", """
        SELECT (SELECT count(*) FROM internships_application) AS total, a.id, a.posting_id AS posting,
               p.title AS posting_title,
               o.name AS enterprise_name, a.student_id AS student, u.display_name AS student_name, a.note, a.cv,
               a.status, a.created_at, a.updated_at
        FROM internships_application a JOIN internships_posting p ON p.id = a.posting_id
        JOIN accounts_organization o ON o.id = p.enterprise_id JOIN accounts_user u ON u.id = a.student_id
        ORDER BY a.created_at DESC, a.id DESC LIMIT %(limit)s"""),
    Case("placements", """
        SELECT (SELECT count(*) FROM internships_placement) AS total, p.id, p.student_id AS student,
               u.display_name AS student_name,
               p.enterprise_id AS enterprise, o.name AS enterprise_name, p.posting_id AS posting,
               p.application_id AS application, p.post, p.post_staff_count, p.start_date, p.end_date,
               p.daily_hours, p.weekly_hours, p.night_shift, p.overtime, p.status, p.school_mentor_id AS school_mentor,
               p.enterprise_mentor_id AS enterprise_mentor, p.enterprise_mentor_name, p.enterprise_mentor_email,
               p.agreement_file, p.agreement_signed_on, p.insurer, p.insurance_policy_no, p.insurance_start,
               p.insurance_end, p.termination_reason, p.started_at, p.ended_at, p.final_grade, p.compliance_ok,
               p.compliance_issues AS rules_in_breach, p.compliance_checked_at, p.created_at
        FROM internships_placement p JOIN accounts_user u ON u.id = p.student_id
        JOIN accounts_organization o ON o.id = p.enterprise_id
        ORDER BY p.start_date DESC, p.id DESC LIMIT %(limit)s"""),
    # The other table of 100,000 rows at scale 1 (1,000,000 at scale 10).
    Case("expenditures", """
        SELECT (SELECT count(*) FROM funding_expenditure) AS total, e.id, e.line_id AS line, l.name AS line_name,
               l.category, l.budget_id AS budget, e.spent_on, e.payee, e.description, e.amount,
               e.invoice <> '' AS has_invoice, e.status, e.override_amount, e.override_reason, e.created_at
        FROM funding_expenditure e JOIN funding_budgetline l ON l.id = e.line_id
        ORDER BY e.spent_on DESC, e.id DESC LIMIT %(limit)s"""),
]


def run(case: Case, page_size: int) -> bytes:
    """One query, one json.dumps: the page body a client would receive."""
    with connection.cursor() as cur:
        cur.execute(case.sql, {"limit": page_size})
        names = [c.name for c in cur.description]
        rows = cur.fetchall()
    total = rows[0][0] if rows else 0
    results = [dict(zip(names[1:], row[1:], strict=True)) for row in rows]
    body = {"count": total, "next": None, "previous": None, "results": results}
    return json.dumps(body, default=str, ensure_ascii=False).encode()
