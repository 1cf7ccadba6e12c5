"""The expected answer of every route, per role: DESIGN.md sections 2 and 5 written down.

One line per ``METHOD route`` (schema path for the API, resolver route for pages). Each role gets
a status code; routes that name a row get ``codeA|codeB``: the answer on a row of side A
(enterprise A, ``teacher``, ``student``) and on a row of side B (enterprise B, ``teacher2``,
``student2``); ``-`` where the data has no row of that side (the college's own rows: budgets,
equipment, programmes, catalogues). Where an enterprise owns the row, the B row is enterprise B's
(the demo data set plus the mirrored rows of ``conftest.matrix_actors``), so ``ent_a:200|404
ent_b:404|200`` reads "each enterprise reaches its own row and gets 404 on the other's".
Roles: anonymous, college admin, teacher, enterprise A, enterprise B, student, association reviewer.

How to read the codes: 401 anonymous API; 302 anonymous page (to the login page) or a form that
redirects after its work; 404 out of scope; 403 in scope but not allowed (or a page the role has no
use for); 405 a method the route does not take (e.g. GET on a POST-only action); 400 the empty body
the matrix sends is rejected field by field; 409 the row's state forbids the change (a signed
agreement cannot be edited, a record with history cannot be deleted). Writes send an empty body,
so an allowed write answers 400/409, or 2xx where nothing is required.

Every line was checked against the role table of DESIGN.md section 2 when it was added; change a
line only together with the rule it encodes.
"""

# Pages that anonymous visitors may open (login, password reset, language, health, signed links).
# Routes of the site (not /api/) that answer scripts with JSON: an anonymous caller gets 401, not the
# login page's HTML (the unread badge polled by static/js/app.js).
JSON_HTML = {"notifications/unread/"}

PUBLIC_HTML = {
    "healthz",
    "i18n/setlang/",
    "jsi18n/",
    "accounts/login/",
    "accounts/logout/",
    "accounts/password/reset/",
    "accounts/password/reset/done/",
    "accounts/password/reset/<uidb64>/<token>/",
    "accounts/password/reset/complete/",
    "accounts/2fa/verify/",
    "accounts/invite/<str:token>/",
    "accounts/terms/",
    "internships/evaluate/<str:token>/",
    "faculty/confirm/<str:token>/",
    # Campus sign-on (signon/): the way in for people not yet signed in; 404 while the protocol is not configured.
    "signon/cas/login/",
    "signon/oidc/login/",
    "signon/oidc/callback/",
    "api/schema/",
    "api/docs/",
    "attendance/manifest.webmanifest",
    "attendance/sw.js",
    "attendance/offline/",
    "internships/sw.js",
}

EXPECTED = {
    "GET /api/v1/agreements/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/agreements/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/agreements/{id}/":
        "anon:401|401 admin:200|200 teacher:200|200 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "PUT /api/v1/agreements/{id}/":
        "anon:401|401 admin:400|400 teacher:403|403 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "PATCH /api/v1/agreements/{id}/":
        "anon:401|401 admin:409|409 teacher:403|403 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "DELETE /api/v1/agreements/{id}/":
        "anon:401|401 admin:409|409 teacher:403|403 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "POST /api/v1/agreements/{id}/amend/":
        "anon:401|401 admin:201|201 teacher:403|403 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "POST /api/v1/agreements/{id}/approve/":
        "anon:401|401 admin:409|409 teacher:403|403 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "GET /api/v1/agreements/{id}/documents/":
        "anon:401|401 admin:200|200 teacher:200|200 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "POST /api/v1/agreements/{id}/documents/":
        "anon:401|401 admin:400|400 teacher:403|403 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "GET /api/v1/agreements/{id}/documents/{doc_id}/download/":
        "anon:401|401 admin:200|200 teacher:200|200 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "POST /api/v1/agreements/{id}/expire/":
        "anon:401|401 admin:409|409 teacher:403|403 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "GET /api/v1/agreements/{id}/fulfilment/":
        "anon:401|401 admin:200|200 teacher:200|200 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "POST /api/v1/agreements/{id}/renew/":
        "anon:401|401 admin:201|201 teacher:403|403 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "POST /api/v1/agreements/{id}/return/":
        "anon:401|401 admin:409|409 teacher:403|403 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    # A step is asked of a row the user may act on before its body is read (no 400 for those who may not).
    "POST /api/v1/agreements/{id}/sign/":
        "anon:401|401 admin:400|400 teacher:403|403 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "POST /api/v1/agreements/{id}/submit/":
        "anon:401|401 admin:409|409 teacher:403|403 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "POST /api/v1/agreements/{id}/terminate/":
        "anon:401|401 admin:400|400 teacher:403|403 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "GET /api/v1/agreements/{id}/transitions/":
        "anon:401|401 admin:200|200 teacher:200|200 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "GET /api/v1/applications/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/applications/": "anon:401 admin:403 teacher:403 ent_a:403 ent_b:403 student:400 assoc:403",
    "GET /api/v1/applications/{id}/":
        "anon:401|401 admin:200|200 teacher:404|404 ent_a:200|404 ent_b:404|200 student:200|404 assoc:404|404",
    "POST /api/v1/applications/{id}/accept/":
        "anon:401|401 admin:403|403 teacher:404|404 ent_a:403|404 ent_b:404|403 student:409|404 assoc:404|404",
    "POST /api/v1/applications/{id}/decline/":
        "anon:401|401 admin:403|403 teacher:404|404 ent_a:403|404 ent_b:404|403 student:409|404 assoc:404|404",
    "POST /api/v1/applications/{id}/offer/":
        "anon:401|401 admin:409|409 teacher:404|404 ent_a:409|404 ent_b:404|409 student:403|404 assoc:404|404",
    "POST /api/v1/applications/{id}/reject/":
        "anon:401|401 admin:409|409 teacher:404|404 ent_a:409|404 ent_b:404|409 student:403|404 assoc:404|404",
    "POST /api/v1/applications/{id}/shortlist/":
        "anon:401|401 admin:409|409 teacher:404|404 ent_a:409|404 ent_b:404|409 student:403|404 assoc:404|404",
    # Bulk steps (core/steps.py bulk=True): the empty body names no ids (400); each row is judged inside.
    "POST /api/v1/applications/bulk/shortlist/":
        "anon:401 admin:400 teacher:400 ent_a:400 ent_b:400 student:400 assoc:400",
    "POST /api/v1/applications/bulk/reject/":
        "anon:401 admin:400 teacher:400 ent_a:400 ent_b:400 student:400 assoc:400",
    # The chosen rows' export (core/api.py export_spec): an empty body names no ids; each id is scoped inside.
    "POST /api/v1/applications/export/":
        "anon:401 admin:400 teacher:400 ent_a:400 ent_b:400 student:400 assoc:400",
    "POST /api/v1/applications/{id}/withdraw/":
        "anon:401|401 admin:403|403 teacher:404|404 ent_a:403|404 ent_b:404|403 student:409|404 assoc:404|404",
    "POST /api/v1/applications/{id}/withdraw-acceptance/":
        "anon:401|401 admin:403|403 teacher:404|404 ent_a:403|404 ent_b:404|403 student:409|404 assoc:404|404",
    "GET /api/v1/assessments/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/assessments/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/assessments/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "GET /api/v1/assessments/export/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET /api/v1/associations/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/associations/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/associations/{id}/":
        "anon:401|- admin:200|- teacher:200|- ent_a:200|- ent_b:200|- student:200|- assoc:200|-",
    "PATCH /api/v1/associations/{id}/":
        "anon:401|- admin:200|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:200|-",
    "POST /api/v1/auth/token/": "anon:400 admin:400 teacher:400 ent_a:400 ent_b:400 student:400 assoc:400",
    # Each user lists and revokes only their own tokens; anyone else's, the admin's view included, is a 404.
    "GET /api/v1/auth/tokens/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET /api/v1/auth/tokens/{id}/":
        "anon:401|401 admin:404|404 teacher:404|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "DELETE /api/v1/auth/tokens/{id}/":
        "anon:401|401 admin:404|404 teacher:404|404 ent_a:204|404 ent_b:404|204 student:404|404 assoc:404|404",
    "GET /api/v1/bookings/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/bookings/": "anon:401 admin:400 teacher:400 ent_a:403 ent_b:403 student:400 assoc:403",
    "GET /api/v1/bookings/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "POST /api/v1/bookings/{id}/approve/":
        "anon:401|401 admin:409|409 teacher:403|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "POST /api/v1/bookings/bulk/approve/":
        "anon:401 admin:400 teacher:400 ent_a:400 ent_b:400 student:400 assoc:400",
    # The chosen rows' export (core/api.py export_spec): an empty body names no ids; each id is scoped inside.
    "POST /api/v1/bookings/export/":
        "anon:401 admin:400 teacher:400 ent_a:400 ent_b:400 student:400 assoc:400",
    "POST /api/v1/bookings/{id}/cancel/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "POST /api/v1/bookings/{id}/reject/":
        "anon:401|401 admin:409|409 teacher:403|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "GET /api/v1/budgets/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/budgets/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/budgets/{id}/":
        "anon:401|- admin:200|- teacher:404|- ent_a:404|- ent_b:404|- student:404|- assoc:404|-",
    "POST /api/v1/budgets/{id}/approve/":
        "anon:401|- admin:409|- teacher:404|- ent_a:404|- ent_b:404|- student:404|- assoc:404|-",
    "POST /api/v1/budgets/{id}/close/":
        "anon:401|- admin:200|- teacher:404|- ent_a:404|- ent_b:404|- student:404|- assoc:404|-",
    "POST /api/v1/budgets/{id}/lines/":
        "anon:401|- admin:400|- teacher:404|- ent_a:404|- ent_b:404|- student:404|- assoc:404|-",
    "GET /api/v1/certificates/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/certificates/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/certificates/{id}/":
        "anon:401|401 admin:200|200 teacher:200|200 ent_a:200|200 ent_b:200|200 student:200|200 assoc:200|200",
    "PUT /api/v1/certificates/{id}/":
        "anon:401|401 admin:400|400 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "PATCH /api/v1/certificates/{id}/":
        "anon:401|401 admin:200|200 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "DELETE /api/v1/certificates/{id}/":
        "anon:401|401 admin:409|409 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "POST /api/v1/certificates/{id}/archive/":
        "anon:401|401 admin:200|200 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "POST /api/v1/certificates/{id}/restore/":
        "anon:401|401 admin:409|409 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "GET /api/v1/competencies/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/competencies/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/competencies/{id}/":
        "anon:401|- admin:200|- teacher:200|- ent_a:200|- ent_b:200|- student:200|- assoc:200|-",
    "PUT /api/v1/competencies/{id}/":
        "anon:401|- admin:400|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:403|-",
    "PATCH /api/v1/competencies/{id}/":
        "anon:401|- admin:200|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:403|-",
    # A competency that courses, posts or competitions name is archived, never deleted (409 in_use).
    "DELETE /api/v1/competencies/{id}/":
        "anon:401|- admin:409|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:403|-",
    "POST /api/v1/competencies/{id}/archive/":
        "anon:401|- admin:200|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:403|-",
    "POST /api/v1/competencies/{id}/restore/":
        "anon:401|- admin:409|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:403|-",
    "GET /api/v1/competitions/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/competitions/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/competitions/{id}/":
        "anon:401|401 admin:200|200 teacher:200|200 ent_a:200|200 ent_b:200|200 student:200|200 assoc:200|200",
    "PUT /api/v1/competitions/{id}/":
        "anon:401|401 admin:400|400 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "PATCH /api/v1/competitions/{id}/":
        "anon:401|401 admin:200|200 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "DELETE /api/v1/competitions/{id}/":
        "anon:401|401 admin:409|409 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "POST /api/v1/competitions/{id}/archive/":
        "anon:401|401 admin:200|200 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "POST /api/v1/competitions/{id}/restore/":
        "anon:401|401 admin:409|409 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "GET /api/v1/contact-logs/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/contact-logs/": "anon:401 admin:400 teacher:400 ent_a:400 ent_b:400 student:403 assoc:403",
    "GET /api/v1/contact-logs/{id}/":
        "anon:401|401 admin:200|200 teacher:404|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "PUT /api/v1/contact-logs/{id}/":
        "anon:401|401 admin:400|400 teacher:404|404 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "PATCH /api/v1/contact-logs/{id}/":
        "anon:401|401 admin:200|200 teacher:404|404 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "DELETE /api/v1/contact-logs/{id}/":
        "anon:401|401 admin:204|204 teacher:404|404 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "POST /api/v1/contact-logs/{id}/complete-follow-up/":
        "anon:401|401 admin:200|409 teacher:404|404 ent_a:200|404 ent_b:404|409 student:404|404 assoc:404|404",
    "GET /api/v1/course-modules/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/course-modules/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/course-modules/{id}/":
        "anon:401|- admin:200|- teacher:200|- ent_a:200|- ent_b:200|- student:200|- assoc:200|-",
    "PUT /api/v1/course-modules/{id}/":
        "anon:401|- admin:400|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:403|-",
    "PATCH /api/v1/course-modules/{id}/":
        "anon:401|- admin:200|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:403|-",
    "DELETE /api/v1/course-modules/{id}/":
        "anon:401|- admin:409|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:403|-",
    "POST /api/v1/course-modules/{id}/archive/":
        "anon:401|- admin:200|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:403|-",
    "POST /api/v1/course-modules/{id}/restore/":
        "anon:401|- admin:409|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:403|-",
    "GET /api/v1/course-projects/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/course-projects/": "anon:401 admin:400 teacher:400 ent_a:403 ent_b:403 student:403 assoc:403",
    # The B row is a project on enterprise B's industry project in a course ``teacher`` owns: the
    # course owner and the enterprise mentor both act on it.
    "GET /api/v1/course-projects/{id}/":
        "anon:401|401 admin:200|200 teacher:200|200 ent_a:200|404 ent_b:404|200 student:404|200 assoc:404|404",
    "POST /api/v1/course-projects/{id}/complete/":
        "anon:401|401 admin:200|200 teacher:200|200 ent_a:403|404 ent_b:404|403 student:404|403 assoc:404|404",
    "POST /api/v1/course-projects/{id}/grade/":
        "anon:401|401 admin:400|400 teacher:400|400 ent_a:400|404 ent_b:404|400 student:404|403 assoc:404|404",
    "POST /api/v1/course-projects/{id}/start/":
        "anon:401|401 admin:409|409 teacher:409|409 ent_a:403|404 ent_b:404|403 student:404|403 assoc:404|404",
    "POST /api/v1/course-projects/{id}/teams/":
        "anon:401|401 admin:400|400 teacher:400|400 ent_a:403|404 ent_b:404|403 student:404|403 assoc:404|404",
    "GET /api/v1/courses/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/courses/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/courses/{id}/":
        "anon:401|401 admin:200|200 teacher:200|200 ent_a:200|200 ent_b:200|200 student:200|200 assoc:200|200",
    "PUT /api/v1/courses/{id}/":
        "anon:401|401 admin:400|400 teacher:400|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "PATCH /api/v1/courses/{id}/":
        "anon:401|401 admin:200|200 teacher:200|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "DELETE /api/v1/courses/{id}/":
        "anon:401|401 admin:409|409 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "POST /api/v1/courses/{id}/coverage/":
        "anon:401|401 admin:400|400 teacher:400|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "GET /api/v1/courses/{id}/revisions/":
        "anon:401|401 admin:200|200 teacher:200|200 ent_a:200|200 ent_b:200|200 student:200|200 assoc:200|200",
    "POST /api/v1/courses/{id}/revisions/":
        "anon:401|401 admin:400|400 teacher:400|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "GET /api/v1/coverage/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:403 assoc:200",
    # Employment outcomes: the college records them, the school mentor keeps their interns', the student and
    # the enterprises concerned (employer, host) read them; across tenants and students a 404.
    "GET /api/v1/employment-outcomes/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/employment-outcomes/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/employment-outcomes/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:200|404 assoc:404|404",
    "PUT /api/v1/employment-outcomes/{id}/":
        "anon:401|401 admin:400|400 teacher:400|404 ent_a:403|404 ent_b:404|403 student:403|404 assoc:404|404",
    "PATCH /api/v1/employment-outcomes/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:403|404 ent_b:404|403 student:403|404 assoc:404|404",
    "DELETE /api/v1/employment-outcomes/{id}/":
        "anon:401|401 admin:204|204 teacher:403|404 ent_a:403|404 ent_b:404|403 student:403|404 assoc:404|404",
    "GET /api/v1/employment-outcomes/statistics/":
        "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET /api/v1/enterprises/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    # The chosen rows' export (core/api.py export_spec): an empty body names no ids; each id is scoped inside.
    "POST /api/v1/enterprises/export/":
        "anon:401 admin:400 teacher:400 ent_a:400 ent_b:400 student:400 assoc:400",
    "POST /api/v1/enterprises/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/enterprises/{id}/":
        "anon:401|401 admin:200|200 teacher:200|200 ent_a:200|404 ent_b:404|200 student:200|200 assoc:404|404",
    "PATCH /api/v1/enterprises/{id}/":
        "anon:401|401 admin:200|200 teacher:403|403 ent_a:200|404 ent_b:404|200 student:403|403 assoc:404|404",
    # The health score is the college's and the enterprise's own, as on the enterprise page (issue 18 item 10).
    "GET /api/v1/enterprises/{id}/health/":
        "anon:401|401 admin:200|200 teacher:200|200 ent_a:200|404 ent_b:404|200 student:403|403 assoc:404|404",
    "GET /api/v1/equipment/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/equipment/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/equipment/{id}/":
        "anon:401|- admin:200|- teacher:200|- ent_a:404|- ent_b:404|- student:200|- assoc:200|-",
    # The criteria of programme evaluation: read by whoever evaluates or reads evaluations (students: none),
    # kept by the college; a criterion that was scored is archived, not deleted (409 in_use).
    "GET /api/v1/evaluation-criteria/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/evaluation-criteria/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/evaluation-criteria/{id}/":
        "anon:401|- admin:200|- teacher:200|- ent_a:200|- ent_b:200|- student:404|- assoc:200|-",
    "PUT /api/v1/evaluation-criteria/{id}/":
        "anon:401|- admin:400|- teacher:403|- ent_a:403|- ent_b:403|- student:404|- assoc:403|-",
    "PATCH /api/v1/evaluation-criteria/{id}/":
        "anon:401|- admin:200|- teacher:403|- ent_a:403|- ent_b:403|- student:404|- assoc:403|-",
    "DELETE /api/v1/evaluation-criteria/{id}/":
        "anon:401|- admin:409|- teacher:403|- ent_a:403|- ent_b:403|- student:404|- assoc:403|-",
    "POST /api/v1/evaluation-criteria/{id}/archive/":
        "anon:401|- admin:200|- teacher:403|- ent_a:403|- ent_b:403|- student:404|- assoc:403|-",
    "POST /api/v1/evaluation-criteria/{id}/restore/":
        "anon:401|- admin:409|- teacher:403|- ent_a:403|- ent_b:403|- student:404|- assoc:403|-",
    "PATCH /api/v1/equipment/{id}/":
        "anon:401|- admin:200|- teacher:403|- ent_a:404|- ent_b:404|- student:403|- assoc:403|-",
    "POST /api/v1/equipment/{id}/maintenance/":
        "anon:401|- admin:400|- teacher:403|- ent_a:404|- ent_b:404|- student:403|- assoc:403|-",
    "GET /api/v1/expenditures/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/expenditures/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/expenditures/{id}/":
        "anon:401|- admin:200|- teacher:404|- ent_a:404|- ent_b:404|- student:404|- assoc:404|-",
    "GET /api/v1/expenditures/{id}/invoice/":
        "anon:401|- admin:404|- teacher:404|- ent_a:404|- ent_b:404|- student:404|- assoc:404|-",
    "POST /api/v1/expenditures/{id}/void/":
        "anon:401|- admin:200|- teacher:404|- ent_a:404|- ent_b:404|- student:404|- assoc:404|-",
    "GET /api/v1/funding-sources/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/funding-sources/": "anon:401 admin:400 teacher:403 ent_a:400 ent_b:400 student:403 assoc:403",
    "GET /api/v1/funding-sources/{id}/":
        "anon:401|401 admin:200|200 teacher:404|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "PATCH /api/v1/funding-sources/{id}/":
        "anon:401|401 admin:200|200 teacher:404|404 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "POST /api/v1/funding-sources/{id}/confirm/":
        "anon:401|401 admin:409|409 teacher:404|404 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "GET /api/v1/funding-sources/{id}/document/":
        "anon:401|401 admin:200|200 teacher:404|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "POST /api/v1/funding-sources/{id}/reject/":
        "anon:401|401 admin:409|409 teacher:404|404 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "GET /api/v1/incentives/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/incentives/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/incentives/{id}/":
        "anon:401|401 admin:200|200 teacher:404|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "POST /api/v1/incentives/{id}/approve/":
        "anon:401|401 admin:200|200 teacher:404|404 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "POST /api/v1/incentives/{id}/award/":
        "anon:401|401 admin:409|409 teacher:404|404 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "POST /api/v1/incentives/{id}/reject/":
        "anon:401|401 admin:200|200 teacher:404|404 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "GET /api/v1/industry-projects/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/industry-projects/": "anon:401 admin:400 teacher:403 ent_a:400 ent_b:400 student:403 assoc:403",
    "GET /api/v1/industry-projects/{id}/":
        "anon:401|401 admin:200|200 teacher:404|200 ent_a:200|404 ent_b:404|200 student:404|200 assoc:404|200",
    "PUT /api/v1/industry-projects/{id}/":
        "anon:401|401 admin:400|400 teacher:404|403 ent_a:400|404 ent_b:404|400 student:404|403 assoc:404|403",
    "PATCH /api/v1/industry-projects/{id}/":
        "anon:401|401 admin:200|409 teacher:404|403 ent_a:200|404 ent_b:404|409 student:404|403 assoc:404|403",
    "DELETE /api/v1/industry-projects/{id}/":
        "anon:401|401 admin:204|403 teacher:404|403 ent_a:204|404 ent_b:404|403 student:404|403 assoc:404|403",
    "POST /api/v1/industry-projects/{id}/close/":
        "anon:401|401 admin:400|400 teacher:404|403 ent_a:400|404 ent_b:404|400 student:404|403 assoc:404|403",
    "POST /api/v1/industry-projects/{id}/deliver/":
        "anon:401|401 admin:400|400 teacher:404|403 ent_a:400|404 ent_b:404|400 student:404|403 assoc:404|403",
    "POST /api/v1/industry-projects/{id}/join/":
        "anon:401|401 admin:400|400 teacher:404|400 ent_a:403|404 ent_b:404|403 student:404|400 assoc:404|403",
    "POST /api/v1/industry-projects/{id}/leave/":
        "anon:401|401 admin:404|404 teacher:404|200 ent_a:403|404 ent_b:404|403 student:404|200 assoc:404|403",
    "POST /api/v1/industry-projects/{id}/milestones/":
        "anon:401|401 admin:400|400 teacher:404|403 ent_a:400|404 ent_b:404|400 student:404|403 assoc:404|403",
    "POST /api/v1/industry-projects/{id}/milestones/{milestone_id}/complete/":
        "anon:401|401 admin:404|404 teacher:404|404 ent_a:404|404 ent_b:404|404 student:404|403 assoc:404|403",
    "POST /api/v1/industry-projects/{id}/publish/":
        "anon:401|401 admin:200|409 teacher:404|403 ent_a:200|404 ent_b:404|409 student:404|403 assoc:404|403",
    "POST /api/v1/industry-projects/{id}/start/":
        "anon:401|401 admin:409|409 teacher:404|403 ent_a:409|404 ent_b:404|409 student:404|403 assoc:404|403",
    # A teacher's evidence (issue 18 item 6): the teacher's own and the college's; only a college admin
    # other than the teacher verifies or rejects; a verified declaration of years in industry is kept.
    "GET /api/v1/industry-years-declarations/":
        "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/industry-years-declarations/":
        "anon:401 admin:400 teacher:400 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/industry-years-declarations/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "DELETE /api/v1/industry-years-declarations/{id}/":
        "anon:401|401 admin:204|403 teacher:204|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "POST /api/v1/industry-years-declarations/{id}/reject/":
        "anon:401|401 admin:400|400 teacher:403|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "POST /api/v1/industry-years-declarations/{id}/verify/":
        "anon:401|401 admin:200|409 teacher:403|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "GET /api/v1/instructor-evaluations/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/instructor-evaluations/": "anon:401 admin:400 teacher:400 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/instructor-evaluations/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "PUT /api/v1/instructor-evaluations/{id}/":
        "anon:401|401 admin:400|400 teacher:400|404 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "PATCH /api/v1/instructor-evaluations/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "GET /api/v1/intern-evaluations/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/intern-evaluations/": "anon:401 admin:400 teacher:400 ent_a:400 ent_b:400 student:403 assoc:403",
    "GET /api/v1/intern-evaluations/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:200|404 assoc:404|404",
    "GET /api/v1/job-posts/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    # The college keeps the job posts; a partner enterprise its own (never another's: 403).
    "POST /api/v1/job-posts/": "anon:401 admin:400 teacher:403 ent_a:400 ent_b:400 student:403 assoc:403",
    "GET /api/v1/job-posts/{id}/":
        "anon:401|401 admin:200|200 teacher:200|200 ent_a:200|200 ent_b:200|200 student:200|200 assoc:200|200",
    "PUT /api/v1/job-posts/{id}/":
        "anon:401|401 admin:400|400 teacher:403|403 ent_a:400|403 ent_b:403|400 student:403|403 assoc:403|403",
    "PATCH /api/v1/job-posts/{id}/":
        "anon:401|401 admin:200|200 teacher:403|403 ent_a:200|403 ent_b:403|200 student:403|403 assoc:403|403",
    "DELETE /api/v1/job-posts/{id}/":
        "anon:401|401 admin:204|204 teacher:403|403 ent_a:204|403 ent_b:403|204 student:403|403 assoc:403|403",
    "POST /api/v1/job-posts/{id}/archive/":
        "anon:401|401 admin:200|200 teacher:403|403 ent_a:200|403 ent_b:403|200 student:403|403 assoc:403|403",
    "POST /api/v1/job-posts/{id}/restore/":
        "anon:401|401 admin:409|409 teacher:403|403 ent_a:409|403 ent_b:403|409 student:403|403 assoc:403|403",
    # Invitations: college admins see all; a partner organisation's administrator (the demo's enterprise and
    # association contacts) those of their own organisation, the other's a 404; everyone else none.
    "GET /api/v1/invitations/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/invitations/": "anon:401 admin:400 teacher:403 ent_a:400 ent_b:400 student:403 assoc:400",
    "GET /api/v1/invitations/{id}/":
        "anon:401|401 admin:200|200 teacher:404|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "POST /api/v1/invitations/{id}/resend/":
        "anon:401|401 admin:200|200 teacher:404|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "POST /api/v1/invitations/{id}/revoke/":
        "anon:401|401 admin:200|200 teacher:404|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    # Roles: college admins give and change them; an organisation's administrator sees their colleagues' and
    # may only end them (never their own: 403), another organisation's are a 404; everyone else sees their own.
    "GET /api/v1/memberships/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/memberships/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/memberships/{id}/":
        "anon:401|401 admin:200|200 teacher:404|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "PATCH /api/v1/memberships/{id}/":
        "anon:401|401 admin:200|200 teacher:404|404 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "POST /api/v1/memberships/{id}/end/":
        "anon:401|401 admin:200|200 teacher:404|404 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "GET /api/v1/me/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "PATCH /api/v1/me/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET /api/v1/notifications/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/notifications/": "anon:401 admin:403 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/notifications/{id}/":
        "anon:401|401 admin:404|404 teacher:200|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "PUT /api/v1/notifications/{id}/":
        "anon:401|401 admin:404|404 teacher:403|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "POST /api/v1/notifications/{id}/read/":
        "anon:401|401 admin:404|404 teacher:200|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "GET /api/v1/notifications/preferences/":
        "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "PUT /api/v1/notifications/preferences/":
        "anon:401 admin:400 teacher:400 ent_a:400 ent_b:400 student:400 assoc:400",
    "POST /api/v1/notifications/read-all/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET /api/v1/order-classes/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/order-classes/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/order-classes/{id}/":
        "anon:401|401 admin:200|200 teacher:200|200 ent_a:200|404 ent_b:404|200 student:200|404 assoc:404|404",
    "PATCH /api/v1/order-classes/{id}/":
        "anon:401|401 admin:200|200 teacher:403|403 ent_a:403|404 ent_b:404|403 student:403|404 assoc:404|404",
    "POST /api/v1/order-classes/{id}/enroll/":
        "anon:401|401 admin:400|400 teacher:403|403 ent_a:403|404 ent_b:404|403 student:403|404 assoc:404|404",
    "POST /api/v1/order-classes/{id}/graduate/":
        "anon:401|401 admin:409|409 teacher:403|403 ent_a:403|404 ent_b:404|403 student:403|404 assoc:404|404",
    "POST /api/v1/order-classes/{id}/record-outcome/":
        "anon:401|401 admin:400|400 teacher:403|403 ent_a:400|404 ent_b:404|400 student:403|404 assoc:404|404",
    "POST /api/v1/order-classes/{id}/withdraw/":
        "anon:401|401 admin:400|400 teacher:403|403 ent_a:403|404 ent_b:404|403 student:403|404 assoc:404|404",
    "GET /api/v1/organizations/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/organizations/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/organizations/{id}/":
        "anon:401|401 admin:200|200 teacher:200|200 ent_a:200|404 ent_b:404|200 student:200|200 assoc:404|404",
    "PATCH /api/v1/organizations/{id}/":
        "anon:401|401 admin:200|200 teacher:403|403 ent_a:403|404 ent_b:404|403 student:403|403 assoc:404|404",
    "GET /api/v1/part-time-instructors/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/part-time-instructors/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/part-time-instructors/{id}/":
        "anon:401|401 admin:200|200 teacher:200|200 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "PUT /api/v1/part-time-instructors/{id}/":
        "anon:401|401 admin:400|400 teacher:403|403 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "PATCH /api/v1/part-time-instructors/{id}/":
        "anon:401|401 admin:200|200 teacher:403|403 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "DELETE /api/v1/part-time-instructors/{id}/":
        "anon:401|401 admin:409|409 teacher:403|403 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    # The roster is a catalogue (core/catalogue.py): the college archives and restores; the fixture's are current.
    "POST /api/v1/part-time-instructors/{id}/archive/":
        "anon:401|401 admin:200|200 teacher:403|403 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "POST /api/v1/part-time-instructors/{id}/restore/":
        "anon:401|401 admin:409|409 teacher:403|403 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "GET /api/v1/placements/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    # The chosen rows' export (core/api.py export_spec): an empty body names no ids; each id is scoped inside.
    "POST /api/v1/placements/export/":
        "anon:401 admin:400 teacher:400 ent_a:400 ent_b:400 student:400 assoc:400",
    "POST /api/v1/placements/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/placements/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:200|404 assoc:404|404",
    "PATCH /api/v1/placements/{id}/":
        "anon:401|401 admin:200|200 teacher:403|404 ent_a:200|404 ent_b:404|200 student:403|404 assoc:404|404",
    "POST /api/v1/placements/{id}/cancel/":
        "anon:401|401 admin:400|400 teacher:400|404 ent_a:400|404 ent_b:404|400 student:403|404 assoc:404|404",
    "POST /api/v1/placements/{id}/complete/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:403|404 assoc:404|404",
    "POST /api/v1/placements/{id}/evaluation-link/":
        "anon:401|401 admin:400|400 teacher:400|404 ent_a:400|404 ent_b:404|400 student:403|404 assoc:404|404",
    "POST /api/v1/placements/{id}/start/":
        "anon:401|401 admin:409|409 teacher:403|404 ent_a:409|404 ent_b:404|409 student:403|404 assoc:404|404",
    "POST /api/v1/placements/{id}/terminate/":
        "anon:401|401 admin:400|400 teacher:400|404 ent_a:403|404 ent_b:404|403 student:403|404 assoc:404|404",
    "GET /api/v1/postings/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    # The chosen rows' export (core/api.py export_spec): an empty body names no ids; each id is scoped inside.
    "POST /api/v1/postings/export/":
        "anon:401 admin:400 teacher:400 ent_a:400 ent_b:400 student:400 assoc:400",
    "POST /api/v1/postings/": "anon:401 admin:400 teacher:403 ent_a:400 ent_b:400 student:403 assoc:403",
    "GET /api/v1/postings/{id}/":
        "anon:401|401 admin:200|200 teacher:200|200 ent_a:200|404 ent_b:404|200 student:200|200 assoc:404|404",
    "PATCH /api/v1/postings/{id}/":
        "anon:401|401 admin:200|200 teacher:403|403 ent_a:200|404 ent_b:404|200 student:403|403 assoc:404|404",
    "POST /api/v1/postings/{id}/approve/":
        "anon:401|401 admin:409|409 teacher:403|403 ent_a:403|404 ent_b:404|403 student:403|403 assoc:404|404",
    "POST /api/v1/postings/{id}/close/":
        "anon:401|401 admin:200|200 teacher:403|403 ent_a:200|404 ent_b:404|200 student:403|403 assoc:404|404",
    "POST /api/v1/postings/{id}/publish/":
        "anon:401|401 admin:409|409 teacher:403|403 ent_a:409|404 ent_b:404|409 student:403|403 assoc:404|404",
    "POST /api/v1/postings/{id}/return-to-draft/":
        "anon:401|401 admin:409|409 teacher:403|403 ent_a:403|404 ent_b:404|403 student:403|403 assoc:404|404",
    "GET /api/v1/program-evaluations/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/program-evaluations/": "anon:401 admin:400 teacher:403 ent_a:400 ent_b:400 student:403 assoc:400",
    "GET /api/v1/program-evaluations/{id}/":
        "anon:401|401 admin:200|200 teacher:200|200 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "PATCH /api/v1/program-evaluations/{id}/":
        "anon:401|401 admin:403|403 teacher:403|403 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "POST /api/v1/program-evaluations/{id}/submit/":
        "anon:401|401 admin:403|403 teacher:403|403 ent_a:409|404 ent_b:404|409 student:404|404 assoc:404|404",
    "GET /api/v1/program-evaluations/summary/":
        "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET /api/v1/programs/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/programs/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/programs/{id}/":
        "anon:401|- admin:200|- teacher:200|- ent_a:200|- ent_b:200|- student:404|- assoc:200|-",
    "PUT /api/v1/programs/{id}/":
        "anon:401|- admin:400|- teacher:403|- ent_a:403|- ent_b:403|- student:404|- assoc:403|-",
    "PATCH /api/v1/programs/{id}/":
        "anon:401|- admin:409|- teacher:403|- ent_a:403|- ent_b:403|- student:404|- assoc:403|-",
    "POST /api/v1/programs/{id}/approve/":
        "anon:401|- admin:409|- teacher:403|- ent_a:403|- ent_b:403|- student:404|- assoc:403|-",
    "GET /api/v1/programs/{id}/comment/":
        "anon:401|- admin:200|- teacher:200|- ent_a:200|- ent_b:200|- student:404|- assoc:200|-",
    "POST /api/v1/programs/{id}/comment/":
        "anon:401|- admin:400|- teacher:403|- ent_a:400|- ent_b:400|- student:404|- assoc:400|-",
    "POST /api/v1/programs/{id}/courses/":
        "anon:401|- admin:400|- teacher:403|- ent_a:403|- ent_b:403|- student:404|- assoc:403|-",
    "GET /api/v1/programs/{id}/diff/":
        "anon:401|- admin:400|- teacher:400|- ent_a:400|- ent_b:400|- student:404|- assoc:400|-",
    "POST /api/v1/programs/{id}/goals/":
        "anon:401|- admin:400|- teacher:403|- ent_a:403|- ent_b:403|- student:404|- assoc:403|-",
    "POST /api/v1/programs/{id}/new-version/":
        "anon:401|- admin:201|- teacher:403|- ent_a:403|- ent_b:403|- student:404|- assoc:403|-",
    "POST /api/v1/programs/{id}/return/":
        "anon:401|- admin:409|- teacher:403|- ent_a:403|- ent_b:403|- student:404|- assoc:403|-",
    "POST /api/v1/programs/{id}/submit/":
        "anon:401|- admin:409|- teacher:403|- ent_a:403|- ent_b:403|- student:404|- assoc:403|-",
    "GET /api/v1/reports/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/reports/": "anon:401 admin:400 teacher:400 ent_a:400 ent_b:400 student:400 assoc:400",
    "GET /api/v1/reports/{id}/":
        "anon:401|401 admin:200|200 teacher:404|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "POST /api/v1/reports/{id}/cancel/":
        "anon:401|401 admin:409|409 teacher:404|404 ent_a:409|404 ent_b:404|409 student:404|404 assoc:404|404",
    "POST /api/v1/reports/{id}/confirm/":
        "anon:401|401 admin:409|409 teacher:404|404 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "GET /api/v1/reports/{id}/download/":
        "anon:401|401 admin:200|200 teacher:404|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "POST /api/v1/reports/{id}/retry/":
        "anon:401|401 admin:409|409 teacher:404|404 ent_a:409|404 ent_b:404|409 student:404|404 assoc:404|404",
    "GET /api/v1/reports/export-specs/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET /api/v1/reports/import-template/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    # Safety incidents: reported from the placement; the school follows up and closes, the host adds notes.
    "GET /api/v1/safety-incidents/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/safety-incidents/": "anon:401 admin:400 teacher:400 ent_a:400 ent_b:400 student:403 assoc:403",
    "GET /api/v1/safety-incidents/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:200|404 assoc:404|404",
    "PUT /api/v1/safety-incidents/{id}/":
        "anon:401|401 admin:400|400 teacher:400|404 ent_a:403|404 ent_b:404|403 student:403|404 assoc:404|404",
    "PATCH /api/v1/safety-incidents/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:403|404 ent_b:404|403 student:403|404 assoc:404|404",
    "POST /api/v1/safety-incidents/{id}/add-note/":
        "anon:401|401 admin:400|400 teacher:400|404 ent_a:400|404 ent_b:404|400 student:403|404 assoc:404|404",
    "POST /api/v1/safety-incidents/{id}/close/":
        "anon:401|401 admin:400|400 teacher:400|404 ent_a:403|404 ent_b:404|403 student:403|404 assoc:404|404",
    "POST /api/v1/safety-incidents/{id}/start-follow-up/":
        "anon:401|401 admin:400|400 teacher:400|404 ent_a:403|404 ent_b:404|403 student:403|404 assoc:404|404",
    "GET /api/v1/standards/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/standards/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:400",
    "GET /api/v1/standards/{id}/":
        "anon:401|- admin:200|- teacher:200|- ent_a:200|- ent_b:200|- student:200|- assoc:200|-",
    "POST /api/v1/standards/{id}/declare/":
        "anon:401|- admin:400|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:403|-",
    "POST /api/v1/standards/{id}/publish/":
        "anon:401|- admin:400|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:400|-",
    "POST /api/v1/standards/{id}/versions/":
        "anon:401|- admin:400|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:400|-",
    "GET /api/v1/student-achievements/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/student-achievements/": "anon:401 admin:403 teacher:403 ent_a:403 ent_b:403 student:400 assoc:403",
    "GET /api/v1/student-achievements/{id}/":
        "anon:401|401 admin:200|200 teacher:200|200 ent_a:404|404 ent_b:404|404 student:200|404 assoc:404|404",
    "PUT /api/v1/student-achievements/{id}/":
        "anon:401|401 admin:403|403 teacher:403|403 ent_a:404|404 ent_b:404|404 student:400|404 assoc:404|404",
    "PATCH /api/v1/student-achievements/{id}/":
        "anon:401|401 admin:403|403 teacher:403|403 ent_a:404|404 ent_b:404|404 student:409|404 assoc:404|404",
    "DELETE /api/v1/student-achievements/{id}/":
        "anon:401|401 admin:403|403 teacher:403|403 ent_a:404|404 ent_b:404|404 student:409|404 assoc:404|404",
    "GET /api/v1/student-achievements/{id}/evidence/":
        "anon:401|401 admin:200|200 teacher:200|200 ent_a:404|404 ent_b:404|404 student:200|404 assoc:404|404",
    "POST /api/v1/student-achievements/{id}/reject/":
        "anon:401|401 admin:400|400 teacher:403|403 ent_a:404|404 ent_b:404|404 student:403|404 assoc:404|404",
    "POST /api/v1/student-achievements/{id}/verify/":
        "anon:401|401 admin:409|409 teacher:403|403 ent_a:404|404 ent_b:404|404 student:403|404 assoc:404|404",
    "GET /api/v1/teacher-awards/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/teacher-awards/": "anon:401 admin:400 teacher:400 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/teacher-awards/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "PUT /api/v1/teacher-awards/{id}/":
        "anon:401|401 admin:400|400 teacher:400|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "PATCH /api/v1/teacher-awards/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "DELETE /api/v1/teacher-awards/{id}/":
        "anon:401|401 admin:204|204 teacher:204|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "GET /api/v1/teacher-certificates/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/teacher-certificates/": "anon:401 admin:400 teacher:400 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/teacher-certificates/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "DELETE /api/v1/teacher-certificates/{id}/":
        "anon:401|401 admin:204|204 teacher:204|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "POST /api/v1/teacher-certificates/{id}/reject/":
        "anon:401|401 admin:400|400 teacher:403|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "POST /api/v1/teacher-certificates/{id}/verify/":
        "anon:401|401 admin:200|409 teacher:403|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "GET /api/v1/teacher-placements/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/teacher-placements/": "anon:401 admin:400 teacher:400 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/teacher-placements/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "PUT /api/v1/teacher-placements/{id}/":
        "anon:401|401 admin:400|400 teacher:400|404 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "PATCH /api/v1/teacher-placements/{id}/":
        "anon:401|401 admin:409|409 teacher:409|404 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "DELETE /api/v1/teacher-placements/{id}/":
        "anon:401|401 admin:409|409 teacher:409|404 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "POST /api/v1/teacher-placements/{id}/confirm/":
        "anon:401|401 admin:403|403 teacher:403|404 ent_a:409|404 ent_b:404|409 student:404|404 assoc:404|404",
    "POST /api/v1/teacher-placements/{id}/count/":
        "anon:401|401 admin:409|409 teacher:403|404 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "POST /api/v1/teacher-placements/{id}/return/":
        "anon:401|401 admin:403|403 teacher:403|404 ent_a:400|404 ent_b:404|400 student:404|404 assoc:404|404",
    "POST /api/v1/teacher-placements/{id}/submit/":
        "anon:401|401 admin:403|403 teacher:409|404 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "GET /api/v1/teachers/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/teachers/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/teachers/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:200|200 ent_b:404|200 student:404|404 assoc:404|404",
    "PUT /api/v1/teachers/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:403|403 ent_b:404|403 student:404|404 assoc:404|404",
    "PATCH /api/v1/teachers/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:403|403 ent_b:404|403 student:404|404 assoc:404|404",
    "GET /api/v1/teachers/dual-ratios/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET /api/v1/teaching-assignments/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/teaching-assignments/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/teaching-assignments/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "PUT /api/v1/teaching-assignments/{id}/":
        "anon:401|401 admin:400|400 teacher:403|404 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "PATCH /api/v1/teaching-assignments/{id}/":
        "anon:401|401 admin:200|200 teacher:403|404 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "DELETE /api/v1/teaching-assignments/{id}/":
        "anon:401|401 admin:409|409 teacher:403|404 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "POST /api/v1/teaching-assignments/{id}/evaluate/":
        "anon:401|401 admin:400|400 teacher:400|404 ent_a:403|404 ent_b:404|403 student:404|404 assoc:404|404",
    "GET /api/v1/teaching-reforms/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/teaching-reforms/": "anon:401 admin:400 teacher:400 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/teaching-reforms/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "DELETE /api/v1/teaching-reforms/{id}/":
        "anon:401|401 admin:204|204 teacher:204|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "POST /api/v1/teaching-reforms/{id}/reject/":
        "anon:401|401 admin:400|400 teacher:403|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "POST /api/v1/teaching-reforms/{id}/verify/":
        "anon:401|401 admin:409|200 teacher:403|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "GET /api/v1/training-bases/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/training-bases/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/training-bases/{id}/":
        "anon:401|401 admin:200|200 teacher:200|200 ent_a:200|404 ent_b:404|200 student:200|200 assoc:200|200",
    "PATCH /api/v1/training-bases/{id}/":
        "anon:401|401 admin:200|200 teacher:403|403 ent_a:403|404 ent_b:404|403 student:403|403 assoc:403|403",
    "GET /api/v1/training-bases/utilization/":
        "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET /api/v1/trainings/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/trainings/": "anon:401 admin:400 teacher:400 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/trainings/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "PUT /api/v1/trainings/{id}/":
        "anon:401|401 admin:400|400 teacher:400|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "PATCH /api/v1/trainings/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "DELETE /api/v1/trainings/{id}/":
        "anon:401|401 admin:204|204 teacher:204|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "POST /api/v1/trainings/{id}/reject/":
        "anon:401|401 admin:400|400 teacher:403|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "POST /api/v1/trainings/{id}/verify/":
        "anon:401|401 admin:409|409 teacher:403|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "GET /api/v1/users/": "anon:401 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "POST /api/v1/users/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/users/{id}/":
        "anon:401|401 admin:200|200 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "PATCH /api/v1/users/{id}/":
        "anon:401|401 admin:200|200 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "POST /api/v1/users/{id}/reveal/":
        "anon:401|401 admin:400|400 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "POST /api/v1/users/{id}/deactivate/":
        "anon:401|401 admin:200|200 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "POST /api/v1/users/{id}/reactivate/":
        "anon:401|401 admin:409|409 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "POST /api/v1/users/{id}/revoke-tokens/":
        "anon:401|401 admin:200|200 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "POST /api/v1/users/{id}/send-password-reset/":
        "anon:401|401 admin:200|200 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "GET /api/v1/users/{id}/sign-in/":
        "anon:401|401 admin:200|200 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "POST /api/v1/users/{id}/unlock/":
        "anon:401|401 admin:200|200 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "GET /api/v1/weekly-logs/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/weekly-logs/": "anon:401 admin:403 teacher:403 ent_a:403 ent_b:403 student:400 assoc:403",
    "GET /api/v1/weekly-logs/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:200|404 assoc:404|404",
    "PATCH /api/v1/weekly-logs/{id}/":
        "anon:401|401 admin:403|403 teacher:403|404 ent_a:403|404 ent_b:404|403 student:409|404 assoc:404|404",
    "POST /api/v1/weekly-logs/{id}/attach/":
        "anon:401|401 admin:403|403 teacher:403|404 ent_a:403|404 ent_b:404|403 student:400|404 assoc:404|404",
    "POST /api/v1/weekly-logs/{id}/comment/":
        "anon:401|401 admin:403|403 teacher:403|404 ent_a:400|404 ent_b:404|400 student:403|404 assoc:404|404",
    "POST /api/v1/weekly-logs/{id}/review/":
        "anon:401|401 admin:400|400 teacher:400|404 ent_a:403|404 ent_b:404|403 student:403|404 assoc:404|404",
    "POST /api/v1/weekly-logs/bulk/review/":
        "anon:401 admin:400 teacher:400 ent_a:400 ent_b:400 student:400 assoc:400",
    # The chosen rows' export (core/api.py export_spec): an empty body names no ids; each id is scoped inside.
    "POST /api/v1/weekly-logs/export/":
        "anon:401 admin:400 teacher:400 ent_a:400 ent_b:400 student:400 assoc:400",
    "GET ": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET healthz": "anon:200 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET bulk/<str:label>/": "anon:302 admin:405 teacher:405 ent_a:405 ent_b:405 student:405 assoc:405",
    "GET search/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET i18n/setlang/": "anon:302 admin:302 teacher:302 ent_a:302 ent_b:302 student:302 assoc:302",
    "GET jsi18n/": "anon:200 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET accounts/login/": "anon:200 admin:302 teacher:302 ent_a:302 ent_b:302 student:302 assoc:302",
    "GET accounts/logout/": "anon:405 admin:405 teacher:405 ent_a:405 ent_b:405 student:405 assoc:405",
    "GET accounts/password/change/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET accounts/password/change/done/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET accounts/password/reset/": "anon:200 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET accounts/password/reset/done/": "anon:200 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET accounts/password/reset/<uidb64>/<token>/":
        "anon:200 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET accounts/password/reset/complete/": "anon:200 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET accounts/2fa/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET accounts/2fa/verify/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET accounts/tokens/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET accounts/tokens/<int:pk>/revoke/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET accounts/audit/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET accounts/audit/<str:label>/<int:pk>/":
        "anon:302|302 admin:200|200 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "GET accounts/organizations/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET accounts/users/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    # The colleagues and invitations pages are a partner organisation's administrator's too; a forged link is a 403.
    "GET accounts/users/new/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET accounts/users/<int:pk>/":
        "anon:302|302 admin:200|200 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "GET accounts/users/<int:pk>/edit/":
        "anon:302|302 admin:200|200 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "GET accounts/users/<int:pk>/roles/new/":
        "anon:302|302 admin:200|200 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "GET accounts/users/<int:pk>/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET accounts/roles/": "anon:302 admin:200 teacher:403 ent_a:200 ent_b:200 student:403 assoc:200",
    "GET accounts/roles/<int:pk>/edit/":
        "anon:302|302 admin:200|200 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "GET accounts/roles/<int:pk>/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET accounts/invitations/": "anon:302 admin:200 teacher:403 ent_a:200 ent_b:200 student:403 assoc:200",
    "GET accounts/invitations/new/": "anon:302 admin:200 teacher:403 ent_a:200 ent_b:200 student:403 assoc:200",
    "GET accounts/invitations/<int:pk>/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET accounts/invite/<str:token>/": "anon:403 admin:403 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET accounts/terms/": "anon:200 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    # Campus sign-on routes answer 404 to everyone while their protocol is not configured (the matrix runs
    # with none); tests/signon drives them against real servers.
    "GET signon/cas/login/": "anon:404 admin:404 teacher:404 ent_a:404 ent_b:404 student:404 assoc:404",
    "GET signon/oidc/login/": "anon:404 admin:404 teacher:404 ent_a:404 ent_b:404 student:404 assoc:404",
    "GET signon/oidc/callback/": "anon:404 admin:404 teacher:404 ent_a:404 ent_b:404 student:404 assoc:404",
    "GET curriculum/programs/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET curriculum/programs/review/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET curriculum/programs/new/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET curriculum/programs/<int:pk>/":
        "anon:302|- admin:200|- teacher:200|- ent_a:200|- ent_b:200|- student:404|- assoc:200|-",
    "GET curriculum/programs/<int:pk>/edit/":
        "anon:302|- admin:302|- teacher:403|- ent_a:403|- ent_b:403|- student:404|- assoc:403|-",
    "GET curriculum/programs/<int:pk>/<str:step>/":
        "anon:302|- admin:405|- teacher:405|- ent_a:405|- ent_b:405|- student:405|- assoc:405|-",
    "GET curriculum/programs/<int:pk>/diff/":
        "anon:302|- admin:200|- teacher:200|- ent_a:200|- ent_b:200|- student:404|- assoc:200|-",
    "GET curriculum/courses/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET curriculum/courses/mine/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET curriculum/courses/new/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET curriculum/courses/<int:pk>/":
        "anon:302|302 admin:200|200 teacher:200|200 ent_a:200|200 ent_b:200|200 student:200|200 assoc:200|200",
    "GET curriculum/courses/<int:pk>/edit/":
        "anon:302|302 admin:200|200 teacher:200|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "GET curriculum/map/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET curriculum/coverage/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:403 assoc:200",
    "GET curriculum/^coverage/export\\.(?P<fmt>csv|xlsx)$":
        "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:403 assoc:200",
    "GET curriculum/achievements/": "anon:302 admin:200 teacher:200 ent_a:403 ent_b:403 student:200 assoc:403",
    "GET curriculum/achievements/new/": "anon:302 admin:403 teacher:403 ent_a:403 ent_b:403 student:200 assoc:403",
    "GET curriculum/achievements/<int:pk>/<str:step>/":
        "anon:302|302 admin:302|302 teacher:302|302 ent_a:403|403 ent_b:403|403 student:302|404 assoc:403|403",
    "GET curriculum/achievements/<int:pk>/withdraw/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:403|403 ent_b:403|403 student:405|405 assoc:403|403",
    "GET curriculum/projects/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:403",
    "GET curriculum/projects/new/": "anon:302 admin:200 teacher:200 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET curriculum/projects/<int:pk>/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET curriculum/projects/<int:pk>/":
        "anon:302|302 admin:200|200 teacher:200|200 ent_a:200|404 ent_b:404|200 student:404|200 assoc:403|403",
    # The catalogues of the competency map: everyone reads them, the college keeps them (an enterprise its
    # own job posts); delete and the archive/restore steps are POST-only.
    "GET curriculum/modules/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET curriculum/modules/new/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET curriculum/modules/<int:pk>/edit/":
        "anon:302|- admin:200|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:403|-",
    "GET curriculum/modules/<int:pk>/delete/":
        "anon:302|- admin:405|- teacher:405|- ent_a:405|- ent_b:405|- student:405|- assoc:405|-",
    "GET curriculum/modules/<int:pk>/<str:step>/":
        "anon:302|- admin:405|- teacher:405|- ent_a:405|- ent_b:405|- student:405|- assoc:405|-",
    "GET curriculum/competencies/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET curriculum/competencies/new/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET curriculum/competencies/<int:pk>/edit/":
        "anon:302|- admin:200|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:403|-",
    "GET curriculum/competencies/<int:pk>/delete/":
        "anon:302|- admin:405|- teacher:405|- ent_a:405|- ent_b:405|- student:405|- assoc:405|-",
    "GET curriculum/competencies/<int:pk>/<str:step>/":
        "anon:302|- admin:405|- teacher:405|- ent_a:405|- ent_b:405|- student:405|- assoc:405|-",
    "GET curriculum/job-posts/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET curriculum/job-posts/new/": "anon:302 admin:200 teacher:403 ent_a:200 ent_b:200 student:403 assoc:403",
    "GET curriculum/job-posts/<int:pk>/edit/":
        "anon:302|302 admin:200|200 teacher:403|403 ent_a:200|403 ent_b:403|200 student:403|403 assoc:403|403",
    "GET curriculum/job-posts/<int:pk>/delete/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET curriculum/job-posts/<int:pk>/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET curriculum/competitions/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET curriculum/competitions/new/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET curriculum/competitions/<int:pk>/edit/":
        "anon:302|302 admin:200|200 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "GET curriculum/competitions/<int:pk>/delete/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET curriculum/competitions/<int:pk>/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET curriculum/certificates/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET curriculum/certificates/new/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET curriculum/certificates/<int:pk>/edit/":
        "anon:302|302 admin:200|200 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "GET curriculum/certificates/<int:pk>/delete/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET curriculum/certificates/<int:pk>/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET partnerships/enterprises/": "anon:302 admin:200 teacher:200 ent_a:302 ent_b:302 student:200 assoc:403",
    "GET partnerships/enterprises/new/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET partnerships/enterprises/<int:pk>/":
        "anon:302|302 admin:200|200 teacher:200|200 ent_a:200|404 ent_b:404|200 student:200|200 assoc:404|404",
    "GET partnerships/enterprises/<int:pk>/edit/":
        "anon:302|302 admin:200|200 teacher:403|403 ent_a:200|404 ent_b:404|200 student:403|403 assoc:403|403",
    "GET partnerships/my-enterprise/": "anon:302 admin:403 teacher:403 ent_a:302 ent_b:302 student:403 assoc:403",
    "GET partnerships/agreements/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:403 assoc:200",
    "GET partnerships/agreements/new/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET partnerships/agreements/<int:pk>/":
        "anon:302|302 admin:200|200 teacher:200|200 ent_a:200|404 ent_b:404|200 student:403|403 assoc:404|404",
    "GET partnerships/agreements/<int:pk>/edit/":
        "anon:302|302 admin:200|200 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "GET partnerships/agreements/<int:pk>/documents/":
        "anon:302|302 admin:302|302 teacher:302|302 ent_a:302|404 ent_b:404|302 student:403|403 assoc:404|404",
    "GET partnerships/agreements/<int:pk>/documents/<int:doc_id>/":
        "anon:302|302 admin:200|200 teacher:200|200 ent_a:200|404 ent_b:404|200 student:403|403 assoc:404|404",
    "GET partnerships/agreements/<int:pk>/delete/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:403|403 assoc:405|405",
    "GET partnerships/agreements/<int:pk>/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:403|403 assoc:405|405",
    "GET partnerships/order-classes/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:403",
    "GET partnerships/order-classes/new/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET partnerships/order-classes/<int:pk>/":
        "anon:302|302 admin:200|200 teacher:200|200 ent_a:200|404 ent_b:404|200 student:200|404 assoc:403|403",
    "GET partnerships/order-classes/<int:pk>/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:403|403",
    "GET partnerships/projects/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET partnerships/projects/new/": "anon:302 admin:200 teacher:403 ent_a:200 ent_b:200 student:403 assoc:403",
    "GET partnerships/projects/<int:pk>/":
        "anon:302|302 admin:200|200 teacher:404|200 ent_a:200|404 ent_b:404|200 student:404|200 assoc:404|200",
    "GET partnerships/projects/<int:pk>/edit/":
        "anon:302|302 admin:200|200 teacher:403|403 ent_a:200|404 ent_b:404|200 student:403|403 assoc:403|403",
    "GET partnerships/projects/<int:pk>/complete/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET partnerships/projects/<int:pk>/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET partnerships/contacts/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:403 assoc:403",
    "GET partnerships/contacts/new/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:403 assoc:403",
    "GET partnerships/contacts/<int:pk>/follow-up-done/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:403|403 assoc:403|403",
    "GET internships/postings/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:403",
    "GET internships/postings/new/": "anon:302 admin:200 teacher:403 ent_a:200 ent_b:200 student:403 assoc:403",
    "GET internships/postings/<int:pk>/":
        "anon:302|302 admin:200|200 teacher:200|200 ent_a:200|404 ent_b:404|200 student:200|200 assoc:403|403",
    "GET internships/postings/<int:pk>/edit/":
        "anon:302|302 admin:200|200 teacher:403|403 ent_a:200|404 ent_b:404|200 student:403|403 assoc:403|403",
    "GET internships/postings/<int:pk>/apply/":
        "anon:302|302 admin:403|403 teacher:403|403 ent_a:403|403 ent_b:403|403 student:405|405 assoc:403|403",
    "GET internships/postings/<int:pk>/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET internships/applications/": "anon:302 admin:200 teacher:403 ent_a:200 ent_b:200 student:200 assoc:403",
    "GET internships/applications/<int:pk>/cv/":
        "anon:302|302 admin:200|200 teacher:403|403 ent_a:200|404 ent_b:404|200 student:200|404 assoc:403|403",
    "GET internships/applications/<int:pk>/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET internships/placements/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:403",
    "GET internships/placements/mine/": "anon:302 admin:403 teacher:403 ent_a:403 ent_b:403 student:302 assoc:403",
    "GET internships/placements/new/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET internships/placements/<int:pk>/":
        "anon:302|302 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:200|404 assoc:403|403",
    "GET internships/placements/<int:pk>/edit/":
        "anon:302|302 admin:200|200 teacher:403|403 ent_a:200|404 ent_b:404|200 student:403|403 assoc:403|403",
    "GET internships/placements/<int:pk>/agreement/":
        "anon:302|302 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:200|404 assoc:403|403",
    "GET internships/placements/<int:pk>/logs/new/":
        "anon:302|302 admin:403|403 teacher:403|404 ent_a:403|404 ent_b:404|403 student:200|404 assoc:403|403",
    "GET internships/placements/<int:pk>/evaluate/":
        "anon:302|302 admin:403|403 teacher:200|404 ent_a:200|404 ent_b:404|200 student:403|404 assoc:403|403",
    "GET internships/placements/<int:pk>/incidents/new/":
        "anon:302|302 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:403|404 assoc:403|403",
    "GET internships/placements/<int:pk>/outcome/":
        "anon:302|302 admin:200|200 teacher:200|404 ent_a:403|404 ent_b:404|403 student:403|404 assoc:403|403",
    "GET internships/placements/<int:pk>/do/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET internships/logs/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:403",
    "GET internships/logs/<int:pk>/":
        "anon:302|302 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:200|404 assoc:403|403",
    "GET internships/attachments/<int:pk>/":
        "anon:302|302 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:200|404 assoc:403|403",
    "GET internships/evaluate/<str:token>/": "anon:403 admin:403 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET internships/enterprises/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET internships/compliance/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET internships/outcomes/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:403",
    "GET internships/outcomes/new/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET internships/outcomes/statistics/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET internships/outcomes/<int:pk>/edit/":
        "anon:302|302 admin:200|200 teacher:200|404 ent_a:403|404 ent_b:404|403 student:403|404 assoc:403|403",
    "GET internships/outcomes/<int:pk>/delete/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET internships/incidents/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:403",
    "GET internships/incidents/<int:pk>/":
        "anon:302|302 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:200|404 assoc:403|403",
    "GET internships/incidents/<int:pk>/edit/":
        "anon:302|302 admin:200|200 teacher:200|404 ent_a:403|404 ent_b:404|403 student:403|404 assoc:403|403",
    "GET internships/incidents/<int:pk>/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET faculty/": "anon:302 admin:403 teacher:200 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET faculty/overview/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET faculty/placements/new/": "anon:302 admin:403 teacher:200 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET faculty/placements/<int:pk>/":
        "anon:302|302 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "GET faculty/placements/<int:pk>/edit/":
        "anon:302|302 admin:403|403 teacher:200|404 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "GET faculty/placements/<int:pk>/evidence/":
        "anon:302|302 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "GET faculty/placements/<int:pk>/delete/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET faculty/placements/<int:pk>/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET faculty/confirmations/": "anon:302 admin:200 teacher:403 ent_a:200 ent_b:200 student:403 assoc:403",
    "GET faculty/confirm/<str:token>/": "anon:403 admin:403 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET faculty/trainings/new/": "anon:302 admin:403 teacher:200 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET faculty/certificates/new/": "anon:302 admin:403 teacher:200 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET faculty/reforms/new/": "anon:302 admin:403 teacher:200 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET faculty/industry-years/new/": "anon:302 admin:403 teacher:200 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET faculty/verifications/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET faculty/certificates/<int:pk>/file/":
        "anon:302|302 admin:200|200 teacher:200|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "GET faculty/trainings/<int:pk>/file/":
        "anon:302|302 admin:200|200 teacher:200|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "GET faculty/industry-years/<int:pk>/file/":
        "anon:302|302 admin:200|200 teacher:200|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "GET faculty/certificates/<int:pk>/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET faculty/trainings/<int:pk>/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET faculty/reforms/<int:pk>/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET faculty/industry-years/<int:pk>/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    # An enterprise reads its own part-time instructors and their teaching; the college keeps them.
    "GET faculty/instructors/": "anon:302 admin:200 teacher:403 ent_a:200 ent_b:200 student:403 assoc:403",
    "GET faculty/instructors/new/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET faculty/instructors/<int:pk>/edit/":
        "anon:302|302 admin:200|200 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "GET faculty/instructors/<int:pk>/delete/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET faculty/instructors/<int:pk>/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET faculty/teaching/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:403 assoc:403",
    "GET faculty/teaching/new/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET faculty/teaching/<int:pk>/edit/":
        "anon:302|302 admin:200|200 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "GET faculty/teaching/<int:pk>/delete/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET faculty/teaching/<int:pk>/evaluate/":
        "anon:302|302 admin:200|200 teacher:200|404 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "GET faculty/evaluations/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:403 assoc:403",
    "GET faculty/evaluations/<int:pk>/edit/":
        "anon:302|302 admin:200|200 teacher:200|404 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "GET faculty/awards/": "anon:302 admin:200 teacher:200 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET faculty/awards/new/": "anon:302 admin:200 teacher:200 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET faculty/awards/<int:pk>/edit/":
        "anon:302|302 admin:200|200 teacher:200|404 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "GET faculty/awards/<int:pk>/delete/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET faculty/assessments/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET faculty/assessments/export/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET faculty/assessments/points/<int:year>/":
        "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET funding/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET funding/sources/new/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET funding/sources/<int:pk>/document/":
        "anon:302|302 admin:200|200 teacher:404|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "GET funding/sources/<int:pk>/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET funding/sources/<int:pk>/confirm/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET funding/sources/<int:pk>/reject/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET funding/investment/": "anon:302 admin:403 teacher:403 ent_a:200 ent_b:200 student:403 assoc:403",
    "GET funding/budgets/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET funding/budgets/<int:pk>/":
        "anon:302|- admin:200|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:403|-",
    "GET funding/budgets/<int:pk>/<str:step>/":
        "anon:302|- admin:405|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:403|-",
    "GET funding/expenditures/<int:pk>/<str:step>/":
        "anon:302|- admin:405|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:403|-",
    "GET funding/expenditures/<int:pk>/void/":
        "anon:302|- admin:405|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:403|-",
    "GET funding/expenditures/<int:pk>/invoice/":
        "anon:302|- admin:404|- teacher:404|- ent_a:404|- ent_b:404|- student:404|- assoc:404|-",
    "GET funding/bases/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET funding/bases/new/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET funding/bases/utilization/": "anon:302 admin:200 teacher:403 ent_a:200 ent_b:200 student:403 assoc:403",
    "GET funding/bases/<int:pk>/":
        "anon:302|302 admin:200|200 teacher:200|200 ent_a:200|404 ent_b:404|200 student:200|200 assoc:200|200",
    "GET funding/bookings/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:403",
    "GET funding/bookings/new/": "anon:302 admin:200 teacher:200 ent_a:403 ent_b:403 student:200 assoc:403",
    # The bookings calendar: the roles of the bookings list; a room or item outside the scope is a 404
    # (tests/funding/test_calendar.py).
    "GET funding/bookings/calendar/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:403",
    "GET funding/bookings/<int:pk>/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:403|403",
    "GET funding/incentives/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:403",
    "GET funding/incentives/<int:pk>/<str:step>/":
        "anon:302|302 admin:405|405 teacher:403|403 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "GET funding/standards/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:403 assoc:200",
    "GET funding/standards/<int:pk>/<str:step>/":
        "anon:302|- admin:405|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:405|-",
    "GET funding/standards/<int:pk>/":
        "anon:302|- admin:200|- teacher:200|- ent_a:200|- ent_b:200|- student:403|- assoc:200|-",
    "GET funding/evaluations/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:403 assoc:200",
    "GET funding/evaluations/new/": "anon:302 admin:200 teacher:403 ent_a:200 ent_b:200 student:403 assoc:200",
    "GET funding/evaluations/<int:pk>/":
        "anon:302|302 admin:200|200 teacher:200|200 ent_a:200|404 ent_b:404|200 student:403|403 assoc:404|404",
    "GET funding/evaluations/<int:pk>/<str:step>/":
        "anon:302|302 admin:405|405 teacher:403|403 ent_a:405|405 ent_b:405|405 student:403|403 assoc:405|405",
    "GET funding/evaluations/<int:pk>/submit/":
        "anon:302|302 admin:405|405 teacher:403|403 ent_a:405|405 ent_b:405|405 student:403|403 assoc:405|405",
    "GET funding/criteria/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:403 assoc:200",
    "GET funding/criteria/new/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET funding/criteria/<int:pk>/edit/":
        "anon:302|- admin:200|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:403|-",
    "GET funding/criteria/<int:pk>/delete/":
        "anon:302|- admin:405|- teacher:405|- ent_a:405|- ent_b:405|- student:403|- assoc:405|-",
    "GET funding/criteria/<int:pk>/<str:step>/":
        "anon:302|- admin:405|- teacher:405|- ent_a:405|- ent_b:405|- student:405|- assoc:405|-",
    "GET notifications/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET notifications/unread/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET notifications/read-all/": "anon:302 admin:405 teacher:405 ent_a:405 ent_b:405 student:405 assoc:405",
    "GET notifications/preferences/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET notifications/<int:pk>/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET notifications/<int:pk>/open/":
        "anon:302|302 admin:404|404 teacher:302|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "GET reports/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET reports/jobs/<int:pk>/":
        "anon:302|302 admin:200|200 teacher:404|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "GET reports/jobs/<int:pk>/status/":
        "anon:302|302 admin:200|200 teacher:404|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "GET reports/jobs/<int:pk>/download/":
        "anon:302|302 admin:200|200 teacher:404|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "GET reports/jobs/<int:pk>/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET reports/export/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET reports/export/selected/": "anon:302 admin:405 teacher:405 ent_a:405 ent_b:405 student:405 assoc:405",
    "GET reports/import/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET reports/import/template/<str:target>/":
        "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET reports/kpis/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    # Attendance (issue 21): each party reaches its own interns' days; a student only their own; the college
    # calendar and rules are read by all and changed by college admins; the web app's files are public.
    "GET /api/v1/absences/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET /api/v1/absences/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:200|404 assoc:404|404",
    "GET /api/v1/attendance-rules/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET /api/v1/attendance-rules/{id}/":
        "anon:401|- admin:200|- teacher:200|- ent_a:200|- ent_b:200|- student:200|- assoc:200|-",
    "PATCH /api/v1/attendance-rules/{id}/":
        "anon:401|- admin:200|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:403|-",
    "GET /api/v1/attendance-sheets/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET /api/v1/attendance-sheets/xlsx/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET /api/v1/calendar-days/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/calendar-days/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/calendar-days/{id}/":
        "anon:401|- admin:200|- teacher:200|- ent_a:200|- ent_b:200|- student:200|- assoc:200|-",
    "PUT /api/v1/calendar-days/{id}/":
        "anon:401|- admin:400|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:403|-",
    "PATCH /api/v1/calendar-days/{id}/":
        "anon:401|- admin:200|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:403|-",
    "DELETE /api/v1/calendar-days/{id}/":
        "anon:401|- admin:204|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:403|-",
    "GET /api/v1/check-ins/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/check-ins/": "anon:401 admin:403 teacher:403 ent_a:403 ent_b:403 student:400 assoc:403",
    "GET /api/v1/check-ins/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:200|404 assoc:404|404",
    "POST /api/v1/check-ins/{id}/accept/":
        "anon:401|401 admin:409|409 teacher:409|404 ent_a:409|404 ent_b:404|409 student:403|404 assoc:404|404",
    "GET /api/v1/check-ins/{id}/photo/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:200|404 assoc:404|404",
    "POST /api/v1/check-ins/{id}/reject/":
        "anon:401|401 admin:400|400 teacher:400|404 ent_a:400|404 ent_b:404|400 student:403|404 assoc:404|404",
    "GET /api/v1/leave-requests/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/leave-requests/": "anon:401 admin:403 teacher:403 ent_a:403 ent_b:403 student:400 assoc:403",
    "GET /api/v1/leave-requests/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:200|404 assoc:404|404",
    "POST /api/v1/leave-requests/{id}/approve/":
        "anon:401|401 admin:409|409 teacher:409|404 ent_a:409|404 ent_b:404|409 student:403|404 assoc:404|404",
    "GET /api/v1/leave-requests/{id}/attachment/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:200|404 assoc:404|404",
    "POST /api/v1/leave-requests/{id}/cancel/":
        "anon:401|401 admin:403|403 teacher:403|404 ent_a:403|404 ent_b:404|403 student:409|404 assoc:404|404",
    "POST /api/v1/leave-requests/{id}/refuse/":
        "anon:401|401 admin:400|400 teacher:400|404 ent_a:400|404 ent_b:404|400 student:403|404 assoc:404|404",
    "GET /api/v1/supervision-visits/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/supervision-visits/": "anon:401 admin:400 teacher:400 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/supervision-visits/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:200|404 assoc:404|404",
    "PATCH /api/v1/supervision-visits/{id}/":
        "anon:401|401 admin:403|403 teacher:200|404 ent_a:403|404 ent_b:404|403 student:403|404 assoc:404|404",
    "POST /api/v1/supervision-visits/{id}/photos/":
        "anon:401|401 admin:403|403 teacher:400|404 ent_a:403|404 ent_b:404|403 student:403|404 assoc:404|404",
    "GET /api/v1/supervision-visits/{id}/photos/{photo_id}/":
        "anon:401|401 admin:404|404 teacher:404|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:404|404",
    "GET /api/v1/supervision-visits/coverage/":
        "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET /api/v1/working-time-breaches/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET /api/v1/working-time-breaches/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:200|404 assoc:404|404",
    "POST /api/v1/working-time-breaches/{id}/acknowledge/":
        "anon:401|401 admin:400|400 teacher:400|404 ent_a:403|404 ent_b:404|403 student:403|404 assoc:404|404",
    "GET /api/v1/workplaces/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET /api/v1/workplaces/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:200|404 assoc:404|404",
    "PATCH /api/v1/workplaces/{id}/":
        "anon:401|401 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:403|404 assoc:404|404",
    "GET attendance/": "anon:302 admin:302 teacher:302 ent_a:302 ent_b:302 student:200 assoc:403",
    "GET attendance/mine/": "anon:302 admin:403 teacher:403 ent_a:403 ent_b:403 student:200 assoc:403",
    "GET attendance/board/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:403 assoc:403",
    "GET attendance/notices/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:403",
    "GET attendance/placements/<int:pk>/":
        "anon:302|302 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:200|404 assoc:403|403",
    "GET attendance/placements/<int:pk>/workplace/":
        "anon:302|302 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:403|403 assoc:403|403",
    "GET attendance/check-ins/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:403",
    "GET attendance/check-ins/<int:pk>/":
        "anon:302|302 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:200|404 assoc:403|403",
    "GET attendance/check-ins/<int:pk>/photo/":
        "anon:302|302 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:200|404 assoc:403|403",
    "GET attendance/check-ins/<int:pk>/do/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET attendance/leave/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:403",
    "GET attendance/leave/new/": "anon:302 admin:403 teacher:403 ent_a:403 ent_b:403 student:200 assoc:403",
    "GET attendance/leave/<int:pk>/":
        "anon:302|302 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:200|404 assoc:403|403",
    "GET attendance/leave/<int:pk>/attachment/":
        "anon:302|302 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:200|404 assoc:403|403",
    "GET attendance/leave/<int:pk>/do/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET attendance/absences/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:403",
    "GET attendance/breaches/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:403",
    "GET attendance/breaches/<int:pk>/":
        "anon:302|302 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:200|404 assoc:403|403",
    "GET attendance/breaches/<int:pk>/do/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET attendance/visits/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:403 assoc:403",
    "GET attendance/visits/new/": "anon:302 admin:200 teacher:200 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET attendance/visits/coverage/": "anon:302 admin:200 teacher:200 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET attendance/visits/<int:pk>/":
        "anon:302|302 admin:200|200 teacher:200|404 ent_a:200|404 ent_b:404|200 student:200|404 assoc:403|403",
    "GET attendance/visits/<int:pk>/edit/":
        "anon:302|302 admin:403|403 teacher:200|404 ent_a:403|403 ent_b:403|403 student:403|403 assoc:403|403",
    "GET attendance/visits/<int:pk>/photos/<int:photo_id>/":
        "anon:302|302 admin:404|404 teacher:404|404 ent_a:404|404 ent_b:404|404 student:404|404 assoc:403|403",
    "GET attendance/calendar/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:403",
    "GET attendance/calendar/new/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET attendance/calendar/<int:pk>/edit/":
        "anon:302|- admin:200|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:403|-",
    "GET attendance/calendar/<int:pk>/delete/":
        "anon:302|- admin:405|- teacher:403|- ent_a:403|- ent_b:403|- student:403|- assoc:403|-",
    "GET attendance/rules/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET attendance/sheets/": "anon:302 admin:200 teacher:200 ent_a:200 ent_b:200 student:403 assoc:403",
    "GET attendance/manifest.webmanifest": "anon:200 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET attendance/sw.js": "anon:200 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    # The placement pages' service worker (the weekly log form offline): a script, public like any static file.
    "GET internships/sw.js": "anon:200 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET attendance/offline/": "anon:200 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    # Webhooks and group chats (docs/WEBHOOKS.md): an endpoint, its deliveries and its secret are its owner's
    # only (the college's admins for the college's, an enterprise's users for the enterprise's); channels are
    # the college admins'. Nobody else learns that a row exists (404).
    "GET /api/v1/chat-channels/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/chat-channels/": "anon:401 admin:400 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET /api/v1/chat-channels/{id}/":
        "anon:401|- admin:200|- teacher:404|- ent_a:404|- ent_b:404|- student:404|- assoc:404|-",
    "PUT /api/v1/chat-channels/{id}/":
        "anon:401|- admin:400|- teacher:404|- ent_a:404|- ent_b:404|- student:404|- assoc:404|-",
    "PATCH /api/v1/chat-channels/{id}/":
        "anon:401|- admin:200|- teacher:404|- ent_a:404|- ent_b:404|- student:404|- assoc:404|-",
    "DELETE /api/v1/chat-channels/{id}/":
        "anon:401|- admin:204|- teacher:404|- ent_a:404|- ent_b:404|- student:404|- assoc:404|-",
    "GET /api/v1/webhooks/deliveries/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "GET /api/v1/webhooks/deliveries/{id}/":
        "anon:401|401 admin:404|404 teacher:404|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "POST /api/v1/webhooks/deliveries/{id}/redeliver/":
        "anon:401|401 admin:404|404 teacher:404|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "GET /api/v1/webhooks/endpoints/": "anon:401 admin:200 teacher:200 ent_a:200 ent_b:200 student:200 assoc:200",
    "POST /api/v1/webhooks/endpoints/": "anon:401 admin:400 teacher:403 ent_a:400 ent_b:400 student:403 assoc:403",
    "GET /api/v1/webhooks/endpoints/{id}/":
        "anon:401|401 admin:404|404 teacher:404|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "PUT /api/v1/webhooks/endpoints/{id}/":
        "anon:401|401 admin:404|404 teacher:404|404 ent_a:400|404 ent_b:404|400 student:404|404 assoc:404|404",
    "PATCH /api/v1/webhooks/endpoints/{id}/":
        "anon:401|401 admin:404|404 teacher:404|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "DELETE /api/v1/webhooks/endpoints/{id}/":
        "anon:401|401 admin:404|404 teacher:404|404 ent_a:204|404 ent_b:404|204 student:404|404 assoc:404|404",
    "POST /api/v1/webhooks/endpoints/{id}/rotate-secret/":
        "anon:401|401 admin:404|404 teacher:404|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "GET integrations/": "anon:302 admin:200 teacher:403 ent_a:200 ent_b:200 student:403 assoc:403",
    "GET integrations/webhooks/new/": "anon:302 admin:200 teacher:403 ent_a:200 ent_b:200 student:403 assoc:403",
    "GET integrations/webhooks/<int:pk>/":
        "anon:302|302 admin:404|404 teacher:404|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "GET integrations/webhooks/<int:pk>/rotate/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET integrations/webhooks/<int:pk>/delete/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
    "GET integrations/channels/new/": "anon:302 admin:200 teacher:403 ent_a:403 ent_b:403 student:403 assoc:403",
    "GET integrations/channels/<int:pk>/":
        "anon:302|- admin:200|- teacher:404|- ent_a:404|- ent_b:404|- student:404|- assoc:404|-",
    "GET integrations/channels/<int:pk>/delete/":
        "anon:302|- admin:405|- teacher:405|- ent_a:405|- ent_b:405|- student:405|- assoc:405|-",
    "GET integrations/deliveries/<int:pk>/":
        "anon:302|302 admin:404|404 teacher:404|404 ent_a:200|404 ent_b:404|200 student:404|404 assoc:404|404",
    "GET integrations/deliveries/<int:pk>/<str:step>/":
        "anon:302|302 admin:405|405 teacher:405|405 ent_a:405|405 ent_b:405|405 student:405|405 assoc:405|405",
}
