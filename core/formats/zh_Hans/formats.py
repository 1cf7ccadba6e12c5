"""Simplified Chinese as the college's finance staff write numbers: groups of three with a comma
(¥1,500,000.00), as on bank statements and in the provincial reports. Django's zh_Hans module groups
by four with no separator, which nobody here reads. Dates stay Django's (2026年12月6日), the month
and day without a leading zero (12月6日, 1月6日) as they are written."""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
DECIMAL_SEPARATOR = "."
MONTH_DAY_FORMAT = "n月j日"
