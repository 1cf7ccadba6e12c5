"""Journeys 5 and 6 (in zh-Hans): booking a GPU workstation, and the annual report as a background job."""
import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from funding.models import Booking, Equipment
from reports.choices import JobStatus
from reports.models import ReportJob
from reports.tasks import run_report_job


@pytest.mark.e2e
def test_teacher_books_gpu_workstation_and_a_second_booking_of_the_slot_is_refused(open_session, demo, uniq):
    gpu = Equipment.objects.filter(name__startswith="GPU", status="available").order_by("-name").first()
    day = timezone.localdate() + datetime.timedelta(days=200)
    starts, ends = f"{day.isoformat()}T09:00", f"{day.isoformat()}T11:00"

    def book(s, purpose: str):
        page = s.goto("/funding/bookings/new/")
        page.locator("#id_resource").select_option(f"e{gpu.pk}")
        page.locator("#id_starts_at").fill(starts)
        page.locator("#id_ends_at").fill(ends)
        page.locator("#id_purpose").fill(purpose)
        page.locator("#id_participants").fill("1")
        return s.submit()

    first = open_session("teacher")
    page = book(first, f"毕业短片 AI 渲染{uniq}")
    first.expect_message(first.t("Your booking was saved."))
    expect(page.locator("table.data tbody tr", has_text=f"毕业短片 AI 渲染{uniq}")).to_be_visible()
    first.screenshot("journey5-booking-saved-zh")

    second = open_session("teacher2")
    page = book(second, f"课堂示范{uniq}")
    # Refused in place: the form stays filled and says which slot is taken, so another time can be chosen.
    refusal = page.locator("main [role=alert], .messages .msg-error").filter(has_text=gpu.name)
    expect(refusal.first).to_be_visible()
    expect(page.locator("#id_purpose")).to_have_value(f"课堂示范{uniq}")
    second.screenshot("journey5-second-booking-refused-zh")

    purposes = list(Booking.objects.filter(equipment=gpu, starts_at__date=day).values_list("purpose", flat=True))
    assert purposes == [f"毕业短片 AI 渲染{uniq}"]


@pytest.mark.e2e
def test_admin_requests_annual_report_and_downloads_it(open_session, demo, monkeypatch):
    # No Celery worker runs beside the test server: the message the page would send is caught and the
    # job is run here, as a worker would, while the page shows its progress.
    queued: list[int] = []
    monkeypatch.setattr(run_report_job, "delay", lambda job_id: queued.append(job_id))
    before = set(ReportJob.objects.values_list("pk", flat=True))

    s = open_session("admin")
    page = s.goto("/reports/")
    year = str(timezone.localdate().year - 1)
    page.locator("#id_year").fill(year)
    page.locator("#id_file_format").select_option("pdf")
    page.locator("#id_language").select_option("zh-hans")
    s.press(s.t("Prepare the report"))
    s.expect_message(s.t("The annual report is being prepared; it appears below when ready."))

    job = ReportJob.objects.exclude(pk__in=before).get()
    assert queued == [job.pk]
    row = page.locator("table.data tbody tr").filter(has=page.locator(f"a[href$='/reports/jobs/{job.pk}/']"))
    expect(row.locator("[data-poll-url] [data-poll-label]")).to_have_text(s.t("Queued"))

    run_report_job.apply(args=[job.pk])
    # The page polls the job and reloads itself when it is done; nobody presses anything.
    download = row.get_by_role("link", name=s.t("Download"))
    expect(download).to_be_visible(timeout=20000)
    with page.expect_download() as info:
        download.click()
    path = info.value.path()
    with open(path, "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    assert info.value.suggested_filename.endswith(".pdf")
    s.screenshot("journey6-annual-report-ready-zh")

    job.refresh_from_db()
    assert job.status == JobStatus.DONE
