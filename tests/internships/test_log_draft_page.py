"""What the server gives the weekly log's offline draft (static/js/log_draft.js); the journey is in
tests/e2e/test_weekly_log_draft.py."""
import json
import re

import pytest

from internships.models import WeeklyLog


def _form_attrs(body: str) -> str:
    return re.search(r"<form[^>]*data-log-draft[^>]*>", body, re.S).group(0)


@pytest.mark.django_db
class TestDraftPages:
    def test_the_form_names_user_placement_and_the_weeks_already_logged(self, web, student, active_placement):
        WeeklyLog.objects.create(placement=active_placement, week_no=1, content="第一周")
        r = web.login_as(student).get(f"/internships/placements/{active_placement.pk}/logs/new/")
        assert r.status_code == 200
        form = _form_attrs(r.content.decode())
        assert f'data-draft-user="{student.pk}"' in form and f'data-draft-placement="{active_placement.pk}"' in form
        logged = json.loads(re.search(r'data-draft-logged="([^"]*)"', form).group(1))
        assert logged == [1]  # the page forgets a draft whose log is already on the server
        assert "data-t-offline=" in form and "data-t-held=" in form and "data-draft-bound" not in form
        assert 'data-sw="/internships/sw.js"' in form and 'js/log_draft.js' in r.content.decode()

    def test_a_refused_post_marks_the_text_as_the_draft(self, web, student, active_placement):
        r = web.login_as(student).post(f"/internships/placements/{active_placement.pk}/logs/new/",
                                       {"week_no": 1, "content": "   "})
        assert r.status_code == 400
        assert "data-draft-bound" in _form_attrs(r.content.decode())
        assert not WeeklyLog.objects.exists()

    def test_the_logs_page_lets_the_author_compare_and_forget_the_draft(self, web, student, teacher,
                                                                        active_placement):
        log = WeeklyLog.objects.create(placement=active_placement, week_no=2, content="第二周")
        r = web.login_as(student).get(f"/internships/logs/{log.pk}/")
        assert r.status_code == 200
        form = _form_attrs(r.content.decode())
        assert 'data-draft-week="2"' in form and "data-draft-stored" in form
        log.status = "reviewed"
        log.save()
        body = web.login_as(student).get(f"/internships/logs/{log.pk}/").content.decode()
        assert "data-log-draft-done" in body and "data-log-draft " not in body  # nothing to edit: forget it
        body = web.login_as(teacher).get(f"/internships/logs/{log.pk}/").content.decode()
        assert "log_draft.js" not in body  # a mentor's page keeps no draft

    def test_the_service_worker_controls_the_placement_pages(self, client):
        r = client.get("/internships/sw.js")
        assert r.status_code == 200 and r["Content-Type"].startswith("application/javascript")
        body = r.content.decode()
        assert 'const SCOPE = "/internships/placements/"' in body and 'const STATIC = "/static/"' in body
        assert "__SCOPE__" not in body
