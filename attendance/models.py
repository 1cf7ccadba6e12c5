"""Attendance: check-ins, leave, the working-day calendar, absences, working-time breaches, visits."""
