"""The monthly attendance sheet (实习考勤表) as colleges file it: one row per student, one column per day.

Written with XlsxWriter in constant-memory mode (each row flushed as it is written), the placements
read in batches of ``BATCH`` with three queries each (attendance_of), so a department of thousands of
interns stays a flat, short request.
"""
from __future__ import annotations

import datetime
import io

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from rest_framework.exceptions import ValidationError

from accounts.models import Organization

from .choices import DayState
from .selectors import attendance_of

BATCH = 500
MAX_ROWS = 20_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def symbols() -> dict[str, str]:
    return {
        DayState.PRESENT: "√",
        DayState.ABSENT: "×",
        DayState.LEAVE: pgettext("attendance sheet symbol", "L"),
        DayState.REST: pgettext("attendance sheet symbol", "R"),
        DayState.OPEN: "",
        DayState.OUTSIDE: "—",
    }


def _scope_label(params: dict) -> str:
    names = []
    for key in ("department", "enterprise"):
        if params.get(key):
            name = Organization.objects.filter(pk=params[key]).values_list("name", flat=True).first()
            if name:
                names.append(name)
    return " · ".join(names)


def write_sheet(placements, params: dict) -> bytes:
    import xlsxwriter

    start, end = params["start"], params["end"]
    days = [start + datetime.timedelta(days=i) for i in range((end - start).days + 1)]
    marks = symbols()
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet(_("Attendance"))
    title = book.add_format({"bold": True, "font_size": 14, "align": "center"})
    head = book.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True,
                            "bg_color": "#EEEEEE"})
    cell = book.add_format({"border": 1, "align": "center"})
    text = book.add_format({"border": 1})
    rest = book.add_format({"border": 1, "align": "center", "bg_color": "#F2F2F2"})
    absent = book.add_format({"border": 1, "align": "center", "font_color": "#C00000", "bold": True})
    fixed = [_("No."), _("Student number"), _("Name"), _("Department"), _("Enterprise"), _("Post")]
    totals = [_("Working days"), _("Present"), _("Leave"), _("Absent"), _("Attendance rate (%)")]
    last_col = len(fixed) + len(days) + len(totals) - 1
    period = (_("%(start)s to %(end)s") % {"start": start, "end": end}) if (end - start).days < 27 \
        else start.strftime("%Y-%m")
    sheet.merge_range(0, 0, 0, last_col, _("%(college)s internship attendance sheet, %(period)s")
                      % {"college": settings.IEI["COLLEGE_NAME"], "period": period}, title)
    scope = _scope_label(params)
    sheet.write(1, 0, (scope + "    " if scope else "") + _("Made on %(day)s") % {"day": timezone.localdate()})
    weekday_names = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]
    for col, label in enumerate(fixed):
        sheet.merge_range(2, col, 3, col, label, head)
    for i, day in enumerate(days):
        sheet.write(2, len(fixed) + i, day.day, head)
        sheet.write(3, len(fixed) + i, weekday_names[day.weekday()], head)
    for i, label in enumerate(totals):
        col = len(fixed) + len(days) + i
        sheet.merge_range(2, col, 3, col, label, head)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 13)
    sheet.set_column(2, 5, 12)
    sheet.set_column(len(fixed), len(fixed) + len(days) - 1, 3.2)
    sheet.set_column(len(fixed) + len(days), last_col, 8)
    sheet.freeze_panes(4, 3)

    row_no = 4
    batch: list = []

    def flush():
        nonlocal row_no
        for att in attendance_of(batch, start, end):
            p = att.placement
            values = [row_no - 3, p.student.student_no, p.student.name, getattr(p, "department_name", "") or "",
                      p.enterprise.name, p.post]
            for col, value in enumerate(values):
                sheet.write(row_no, col, value, cell if col == 0 else text)
            for i, day in enumerate(days):
                state = att.days[day]
                fmt = rest if state in (DayState.REST, DayState.OUTSIDE) else absent if state == DayState.ABSENT \
                    else cell
                sheet.write(row_no, len(fixed) + i, marks[state], fmt)
            col = len(fixed) + len(days)
            sheet.write_number(row_no, col, att.working, cell)
            sheet.write_number(row_no, col + 1, att.present, cell)
            sheet.write_number(row_no, col + 2, float(att.leave), cell)
            sheet.write_number(row_no, col + 3, att.absent, cell)
            if att.rate is None:
                sheet.write_blank(row_no, col + 4, None, cell)
            else:
                sheet.write_number(row_no, col + 4, float(att.rate), cell)
            row_no += 1
        batch.clear()

    for count, placement in enumerate(placements.iterator(chunk_size=BATCH), start=1):
        if count > MAX_ROWS:
            book.close()
            raise ValidationError({"department": [_("More than %(n)s students: choose a department or an "
                                                    "enterprise.") % {"n": MAX_ROWS}]})
        batch.append(placement)
        if len(batch) >= BATCH:
            flush()
    flush()
    legend = "    ".join(f"{marks[s]} {label}" for s, label in (
        (DayState.PRESENT, _("present")), (DayState.ABSENT, _("absent")), (DayState.LEAVE, _("on leave")),
        (DayState.REST, _("rest day")), (DayState.OUTSIDE, _("not on placement"))))
    sheet.write(row_no + 1, 0, _("Legend:") + " " + legend)
    sheet.write(row_no + 3, 0, _("School mentor (signature): ______________    Enterprise mentor (signature): "
                                 "______________    Department (seal): ______________"))
    book.close()
    return buf.getvalue()


def sheet_response(request, placements, params: dict) -> HttpResponse:
    content = write_sheet(placements, params)
    name = f"attendance-{params['start']:%Y-%m-%d}-{params['end']:%Y-%m-%d}.xlsx"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
