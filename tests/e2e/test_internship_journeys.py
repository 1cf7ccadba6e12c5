"""Journeys 2-4 (in zh-Hans): postings and offers, applying and weekly logs, mentoring and teacher placements.

Each journey makes its own posting, placement or log: the steps it does not show in the browser (another
person's part) go through the same services the pages call, so the rules still apply.
"""
import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max
from django.utils import timezone
from playwright.sync_api import expect

from accounts.choices import Role
from accounts.models import Organization, User
from faculty.choices import PlacementStatus as TeacherPlacementStatus
from faculty.models import TeacherPlacement
from internships import services as internships
from internships.choices import ApplicationStatus, LogStatus, PlacementStatus
from internships.models import Application, Placement, Posting, WeeklyLog
from tests.accounts.factories import make_member

PDF_BYTES = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
             b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _enterprise_of(username: str) -> Organization:
    return Organization.objects.get(memberships__user__username=username, memberships__role=Role.ENTERPRISE)


def _published_posting(*, enterprise_username: str, title: str, start: datetime.date) -> Posting:
    by = _user(enterprise_username)
    posting = internships.posting_create(
        by=by, enterprise=_enterprise_of(enterprise_username), title=title, post="AIGC分镜师", slots=2,
        post_staff_count=10, location="北京", stipend_monthly=Decimal("3200"), start_date=start,
        end_date=start + datetime.timedelta(days=90),
        application_deadline=timezone.localdate() + datetime.timedelta(days=7),
    )
    return internships.posting_publish(posting=posting, by=by)


def _make_active(placement: Placement, *, mentor: User | None = None) -> Placement:
    """The college office's part: tripartite agreement, insurance and mentor recorded, then the start."""
    admin = _user("admin")
    placement = internships.placement_update(
        placement=placement, by=admin, school_mentor=mentor,
        agreement_file=SimpleUploadedFile("tripartite.pdf", PDF_BYTES, content_type="application/pdf"),
        agreement_signed_on=placement.start_date, insurer="中国人民财产保险", insurance_policy_no="PICC-E2E",
        insurance_start=placement.start_date, insurance_end=placement.end_date,
    )
    return internships.placement_start(placement=placement, by=admin)


@pytest.mark.e2e
def test_enterprise_publishes_posting_with_two_slots_shortlists_and_offers(open_session, demo, uniq):
    s = open_session("enterprise")
    page = s.goto("/internships/postings/")
    page.locator("main a[href$='/internships/postings/new/']").click()
    start = timezone.localdate() + datetime.timedelta(days=30)
    title = f"AIGC分镜实习生{uniq}"
    page.locator("#id_title").fill(title)
    page.locator("#id_post").fill("AIGC分镜师")
    page.locator("#id_slots").fill("2")
    page.locator("#id_post_staff_count").fill("10")
    page.locator("#id_location").fill("北京市朝阳区")
    page.locator("#id_stipend_monthly").fill("3200")
    page.locator("#id_start_date").fill(start.isoformat())
    page.locator("#id_end_date").fill((start + datetime.timedelta(days=120)).isoformat())
    page.locator("#id_application_deadline").fill((start - datetime.timedelta(days=10)).isoformat())
    s.submit()
    s.expect_message(s.t("The posting was saved."))
    posting = Posting.objects.get(title=title)
    expect(page.locator("h1")).to_contain_text(title)

    s.press(s.t("Publish"))
    s.expect_message(s.t("The posting was published or sent for approval."))
    expect(page.locator("h1 .badge")).to_have_text(s.t("Published"))
    expect(page.locator("main")).to_contain_text(s.t("%(left)s of %(total)s left", left=2, total=2))

    # Two students apply (their own journey shows applying in the browser).
    first, second = _user("student"), _user("student2")
    for student in (first, second):
        internships.application_create(posting=posting, student=student, note="我想参与 AIGC 分镜项目。")

    page.reload()
    rows = page.locator("table.data tbody tr")
    expect(rows).to_have_count(2)
    first_row = rows.filter(has_text=str(first))
    with page.expect_navigation():
        first_row.get_by_role("button", name=s.t("Shortlist")).click()
    s.expect_message(s.t("The applicant was shortlisted."))
    expect(rows.filter(has_text=str(first)).locator(".badge")).to_have_text(s.t("Shortlisted"))

    with page.expect_navigation():
        rows.filter(has_text=str(first)).get_by_role("button", name=s.t("Offer")).click()
    s.expect_message(s.t("An offer was made."))
    # Each row's buttons name the applicant, so a screen reader's list of buttons is not "Offer, Offer".
    with page.expect_navigation():
        page.get_by_role("button", name=f"{s.t('Offer')} · {second}", exact=True).click()
    s.expect_message(s.t("An offer was made."))
    expect(rows.locator(".badge", has_text=s.t("Offered"))).to_have_count(2)
    s.screenshot("journey2-posting-offers-zh")

    statuses = set(Application.objects.filter(posting=posting).values_list("status", flat=True))
    assert statuses == {ApplicationStatus.OFFERED}
    posting.refresh_from_db()
    assert posting.slots == 2 and posting.status == "published"


@pytest.mark.e2e
def test_student_applies_accepts_and_writes_a_weekly_log(open_session, demo, uniq):
    title = f"虚拟拍摄助理{uniq}"
    posting = _published_posting(enterprise_username="enterprise2", title=title, start=timezone.localdate())
    student = _user("student2")

    s = open_session("student2")
    page = s.goto("/internships/postings/")
    page.locator("#id_q").fill(title)
    with page.expect_navigation():
        page.locator("form.filters button[type=submit]").click()
    page.get_by_role("link", name=title).click()
    page.locator("#id_note").fill("我在校拍过两部虚拟拍摄短片，熟悉 LED 影棚流程。")
    s.press(s.t("Send application"))
    s.expect_message(s.t("Your application was sent."))
    application = Application.objects.get(posting=posting, student=student)

    # The enterprise makes the offer (journey 2 shows that in the browser).
    internships.application_move(application=application, action="offer", by=_user("enterprise2"))

    page = s.goto("/internships/applications/")
    row = page.locator("table.data tbody tr", has_text=title)
    expect(row.locator(".badge")).to_have_text(s.t("Offered"))
    with page.expect_navigation():
        row.get_by_role("button", name=s.t("Accept offer")).click()
    s.expect_message(s.t("You accepted the offer; your placement is being prepared."))
    expect(page.locator("table.data tbody tr", has_text=title).locator(".badge")).to_have_text(s.t("Accepted"))
    placement = Placement.objects.get(application=application)
    assert placement.status == PlacementStatus.PENDING

    _make_active(placement, mentor=_user("teacher"))

    page = s.goto("/internships/placements/mine/")
    expect(page.locator("h1 .badge")).to_have_text(s.t("Active"))
    page.get_by_role("link", name=s.t("Write a weekly log")).click()
    page.locator("#id_week_no").select_option("1")
    page.locator("#id_content").fill("本周完成 LED 影棚安全培训，并协助搭建虚拟场景。")
    s.submit()
    s.expect_message(s.t("Your log of week %(n)s was submitted.", n=1))
    s.screenshot("journey3-weekly-log-zh")

    log = WeeklyLog.objects.get(placement=placement, week_no=1)
    assert log.status == LogStatus.SUBMITTED
    assert "LED" in log.content


@pytest.mark.e2e
def test_teacher_reviews_log_records_placement_and_enterprise_confirms(open_session, demo, uniq):
    teacher = _user("teacher")
    # An intern of this teacher's with a log waiting for review; a fresh student keeps it apart from other journeys.
    department = Organization.objects.get(memberships__user=teacher, memberships__role=Role.TEACHER)
    intern = make_member(Role.STUDENT, department, username=f"intern{uniq}", display_name=f"王实习{uniq}")
    start = timezone.localdate() - datetime.timedelta(days=14)
    posting = _published_posting(enterprise_username="enterprise2", title=f"AI剪辑实习生{uniq}", start=start)
    application = internships.application_create(posting=posting, student=intern)
    internships.application_move(application=application, action="offer", by=_user("enterprise2"))
    placement = _make_active(internships.application_accept(application=application, by=intern), mentor=teacher)
    log = internships.weekly_log_submit(placement=placement, by=intern, week_no=1, content="本周学习了 AI 粗剪流程。")

    s = open_session("teacher")
    page = s.goto("/internships/logs/")
    row = page.locator("table.data tbody tr", has_text=str(intern))
    expect(row.locator(".badge", has_text=s.t("Awaiting review"))).to_be_visible()
    row.locator("a").first.click()
    page.locator("#id_grade").select_option("good")
    page.locator("#id_comment").fill("记录具体，下周请附上剪辑前后对比。")
    s.press(s.t("Save review"))
    s.expect_message(s.t("The log was reviewed."))
    log.refresh_from_db()
    assert log.status == LogStatus.REVIEWED and log.grade == "good" and log.reviewed_by == teacher

    # The teacher's own industry placement at the enterprise, after every period already on record.
    latest = TeacherPlacement.objects.filter(teacher__user=teacher).aggregate(end=Max("end_date"))["end"]
    p_start = max(latest + datetime.timedelta(days=1), timezone.localdate()) if latest else timezone.localdate()
    p_end = p_start + datetime.timedelta(days=29)
    host = _enterprise_of("enterprise")
    page = s.goto("/faculty/placements/new/")
    page.locator("#id_host").select_option(str(host.pk))
    page.locator("#id_start_date").fill(p_start.isoformat())
    page.locator("#id_end_date").fill(p_end.isoformat())
    page.locator("#id_days").fill("20")
    page.locator("#id_role").fill(f"AIGC 分镜师{uniq}")
    page.locator("#id_outcomes").fill("完成两支宣传片的 AI 分镜。")
    s.submit()
    s.expect_message(s.t("Placement saved as a draft. Submit it when the evidence is complete."))
    tp = TeacherPlacement.objects.get(role=f"AIGC 分镜师{uniq}")
    s.press(s.t("Submit to the host enterprise"))
    tp.refresh_from_db()
    assert tp.status == TeacherPlacementStatus.SUBMITTED
    s.screenshot("journey4-teacher-placement-submitted-zh")

    e = open_session("enterprise")
    page = e.goto("/faculty/confirmations/")
    row = page.locator("table.data tbody tr", has_text=f"AIGC 分镜师{uniq}")
    with page.expect_navigation():
        row.get_by_role("button", name=e.t("Confirm placement")).click()
    assert e.confirmations == [e.t("Confirm that this teacher practised at your enterprise as described?")]
    expect(page.locator(".messages .msg-success")).to_be_visible()
    page = e.goto(f"/faculty/placements/{tp.pk}/")
    expect(page.locator("h1 .badge, main .badge").first).to_have_text(e.t("Confirmed by enterprise"))
    e.screenshot("journey4-placement-confirmed-zh")

    tp.refresh_from_db()
    assert tp.status == TeacherPlacementStatus.CONFIRMED
    assert tp.confirmed_by == _user("enterprise")
