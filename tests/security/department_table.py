"""What a department administrator (二级学院) gets on every route that names a row of a department.

``dept_a`` administers the department of ``teacher`` and ``student`` (the A rows), ``dept_b`` that of
``teacher2`` and ``student2`` (the B rows); each code pair is ``<A row>|<B row>``. Read with
``tests/security/test_department_matrix.py`` (how rows get their side) and DESIGN.md section 2: on their
own department's rows a department administrator is answered as a college admin would be (200, or the
400/409 of the empty body the matrix sends); on the other department's rows 404, except the college's
shared catalogues (courses, postings, projects, enterprises), which they read as a teacher does; the
college's own business (budgets, funding, approvals of postings and agreements, compliance exceptions,
KPIs) stays the college admin's (403).
"""

DEPARTMENT_EXPECTED: dict[str, str] = {
}
