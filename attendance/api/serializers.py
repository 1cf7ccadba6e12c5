from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Organization
from attendance.choices import CheckKind
from attendance.models import (
    Absence,
    AttendanceRules,
    CalendarDay,
    CheckIn,
    LeaveRequest,
    SupervisionVisit,
    VisitPhoto,
    WorkingTimeBreach,
    Workplace,
)
from attendance.services import MAX_ACCURACY_M
from core.serializers import ModelSerializer
from internships.models import Placement


@extend_schema_field({"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$", "example": "09:00"})
class ClockTimeField(serializers.TimeField):
    """A time of day on the local clock, "09:00" (no offset: it is the college's time zone)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%H:%M")
        kwargs.setdefault("input_formats", ["%H:%M", "%H:%M:%S"])
        super().__init__(**kwargs)


def _own_placements(serializer) -> None:
    """A student names only their own placements; any other id is 'does not exist' (no leak)."""
    request = serializer.context.get("request")
    user = getattr(request, "user", None)
    serializer.fields["placement"].queryset = Placement.objects.filter(student_id=getattr(user, "pk", None))


# ----------------------------------------------------------------------------- check-ins

class CheckInSerializer(ModelSerializer):
    student = serializers.IntegerField(source="placement.student_id", read_only=True)
    student_name = serializers.CharField(source="placement.student.name", read_only=True)
    enterprise_name = serializers.CharField(source="placement.enterprise.name", read_only=True)
    has_photo = serializers.SerializerMethodField()

    class Meta:
        model = CheckIn
        fields = ["id", "client_id", "placement", "student", "student_name", "enterprise_name", "kind", "date", "at",
                  "client_time", "server_time", "offline", "latitude", "longitude", "accuracy_m", "distance_m",
                  "flags", "flag_status", "reason", "note", "has_photo", "reviewed_by", "reviewed_at", "review_note"]
        read_only_fields = fields

    def get_has_photo(self, obj) -> bool:
        return bool(obj.photo)


class CheckInCreateSerializer(serializers.Serializer):
    """What a phone sends: its own id for the record, the position and, when sent later, its time."""

    client_id = serializers.UUIDField(help_text=_("Made by the phone (UUID); a retry with the same id makes no "
                                                  "second check-in."))
    kind = serializers.ChoiceField(choices=CheckKind.choices, default=CheckKind.IN)
    placement = serializers.PrimaryKeyRelatedField(queryset=Placement.objects.none(), required=False,
                                                   allow_null=True, help_text=_("Default: your active placement."))
    latitude = serializers.FloatField(min_value=-90, max_value=90)
    longitude = serializers.FloatField(min_value=-180, max_value=180)
    accuracy_m = serializers.FloatField(min_value=0.01, max_value=MAX_ACCURACY_M,
                                        help_text=_("The phone's accuracy of the position, in metres."))
    client_time = serializers.DateTimeField(required=False,
                                            help_text=_("When the check-in was made on the phone (ISO 8601)."))
    offline = serializers.BooleanField(default=False,
                                       help_text=_("True when the phone kept the check-in without network and "
                                                   "sends it later: its time counts."))
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")
    photo = serializers.FileField(required=False, allow_null=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        data = kwargs.get("data")
        # The phone names no placement (its active one is the default): the student's own placements are the
        # field's choices when a body names one, or for the schema; otherwise the field is never read, and a
        # check-in saves building the queryset.
        if data is None or not hasattr(data, "__contains__") or "placement" in data:
            _own_placements(self)


class CheckInPhotoSerializer(serializers.Serializer):
    photo = serializers.FileField()


# ----------------------------------------------------------------------------- leave

class LeaveRequestSerializer(ModelSerializer):
    placement = serializers.PrimaryKeyRelatedField(queryset=Placement.objects.none(), required=False,
                                                   allow_null=True, help_text=_("Default: your active placement."))
    student = serializers.IntegerField(source="placement.student_id", read_only=True)
    student_name = serializers.CharField(source="placement.student.name", read_only=True)
    enterprise_name = serializers.CharField(source="placement.enterprise.name", read_only=True)
    attachment = serializers.FileField(required=False, allow_null=True, write_only=True)
    has_attachment = serializers.SerializerMethodField()

    class Meta:
        model = LeaveRequest
        fields = ["id", "placement", "student", "student_name", "enterprise_name", "kind", "start_date", "end_date",
                  "half_day", "days", "reason", "attachment", "has_attachment", "approval_order", "status",
                  "enterprise_decided_by", "enterprise_decided_at", "school_decided_by", "school_decided_at",
                  "refusal_reason", "created_at"]
        read_only_fields = ["id", "days", "approval_order", "status", "enterprise_decided_by",
                            "enterprise_decided_at", "school_decided_by", "school_decided_at", "refusal_reason",
                            "created_at"]
        validators: list = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "placement" in self.fields and not self.fields["placement"].read_only:
            _own_placements(self)

    def get_has_attachment(self, obj) -> bool:
        return bool(obj.attachment)


# ----------------------------------------------------------------------------- calendar, rules, workplace

class CalendarDaySerializer(ModelSerializer):
    class Meta:
        model = CalendarDay
        fields = ["id", "date", "kind", "name", "updated_at"]
        read_only_fields = ["id", "updated_at"]
        validators: list = []  # a taken date is a 400 from the service's full_clean, on the field

    def validate_date(self, value: datetime.date) -> datetime.date:
        if not 2000 <= value.year <= 2100:
            raise serializers.ValidationError(_("Give a date between 2000 and 2100."))
        return value


class AttendanceRulesSerializer(ModelSerializer):
    reminder_time = ClockTimeField(required=False)

    class Meta:
        model = AttendanceRules
        fields = ["id", "leave_approval_order", "leave_backdate_days", "leave_max_days", "reminder_time",
                  "streak_mentor_days", "streak_admin_days", "visits_per_placement", "default_radius_m",
                  "updated_at"]
        read_only_fields = ["id", "updated_at"]


WORKPLACE_FIELDS = ["address", "latitude", "longitude", "radius_m", "work_start", "work_end", "break_minutes",
                    "weekdays", "follows_public_calendar"]


class WorkplaceSerializer(serializers.ModelSerializer):
    """A placement's workplace; a placement nobody has set one for shows the defaults (``is_set`` false)."""

    id = serializers.IntegerField(source="placement_id", read_only=True, help_text=_("The placement's id."))
    placement = serializers.IntegerField(source="placement_id", read_only=True)
    student_name = serializers.CharField(source="placement.student.name", read_only=True)
    enterprise_name = serializers.CharField(source="placement.enterprise.name", read_only=True)
    work_start = ClockTimeField(required=False)
    work_end = ClockTimeField(required=False)
    is_set = serializers.SerializerMethodField()
    # null while nobody has set the workplace (the defaults shown are not a stored row)
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Workplace
        fields = ["id", "placement", "student_name", "enterprise_name", *WORKPLACE_FIELDS, "is_set", "updated_at"]
        read_only_fields = ["id", "placement", "updated_at"]
        extra_kwargs = {"latitude": {"min_value": -90, "max_value": 90},
                        "longitude": {"min_value": -180, "max_value": 180}}

    def to_representation(self, instance):
        if isinstance(instance, Placement):
            instance = Workplace.for_placement(instance)
        return super().to_representation(instance)

    def get_is_set(self, obj) -> bool:
        return not obj._state.adding


# ----------------------------------------------------------------------------- absences and breaches

class AbsenceSerializer(ModelSerializer):
    student = serializers.IntegerField(source="placement.student_id", read_only=True)
    student_name = serializers.CharField(source="placement.student.name", read_only=True)
    enterprise_name = serializers.CharField(source="placement.enterprise.name", read_only=True)

    class Meta:
        model = Absence
        fields = ["id", "placement", "student", "student_name", "enterprise_name", "date", "streak", "created_at"]
        read_only_fields = fields


class WorkingTimeBreachSerializer(ModelSerializer):
    student = serializers.IntegerField(source="placement.student_id", read_only=True)
    student_name = serializers.CharField(source="placement.student.name", read_only=True)
    enterprise_name = serializers.CharField(source="placement.enterprise.name", read_only=True)

    class Meta:
        model = WorkingTimeBreach
        fields = ["id", "placement", "student", "student_name", "enterprise_name", "kind", "date", "hours",
                  "check_in", "status", "note", "acknowledged_by", "acknowledged_at", "created_at"]
        read_only_fields = fields


# ----------------------------------------------------------------------------- visits

class VisitPhotoSerializer(ModelSerializer):
    class Meta:
        model = VisitPhoto
        fields = ["id", "file", "uploaded_at"]
        read_only_fields = ["id", "uploaded_at"]
        extra_kwargs = {"file": {"write_only": True}}


class SupervisionVisitSerializer(ModelSerializer):
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.enterprises())
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    teacher_name = serializers.CharField(source="teacher.name", read_only=True)
    placements = serializers.PrimaryKeyRelatedField(queryset=Placement.objects.none(), many=True,
                                                    help_text=_("The interns met: placements of your mentees at "
                                                                "this enterprise."))
    photos = serializers.SerializerMethodField()

    class Meta:
        model = SupervisionVisit
        fields = ["id", "teacher", "teacher_name", "enterprise", "enterprise_name", "visited_on", "mode",
                  "placements", "findings", "follow_up", "photos", "created_at", "updated_at"]
        read_only_fields = ["id", "teacher", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["placements"].child_relation.queryset = Placement.objects.visible_to(request.user)

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list):
            fields["enterprise"].read_only = True
        return fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_photos(self, obj) -> list[int]:
        return [p.pk for p in obj.photos.all()]


class VisitCoverageRowSerializer(serializers.Serializer):
    mentor_id = serializers.IntegerField(allow_null=True)
    mentor = serializers.CharField()
    total = serializers.IntegerField()
    covered = serializers.IntegerField()


class VisitCoverageSerializer(serializers.Serializer):
    term = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    required = serializers.IntegerField()
    total = serializers.IntegerField()
    covered = serializers.IntegerField()
    percent = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    by_mentor = VisitCoverageRowSerializer(many=True)


class VisitCoverageQuerySerializer(serializers.Serializer):
    term = serializers.RegexField(r"^\d{4}-\d{4}-[12]$", required=False,
                                  help_text=_("E.g. 2025-2026-2; default: the term of today."))

    def validate_term(self, value: str) -> str:
        from attendance.calendar import parse_term

        if parse_term(value) is None:
            raise serializers.ValidationError(_("Give a term as 2025-2026-1: two years in a row and 1 or 2."))
        return value


# ----------------------------------------------------------------------------- sheets

class SheetQuerySerializer(serializers.Serializer):
    month = serializers.RegexField(r"^\d{4}-(0[1-9]|1[0-2])$", required=False,
                                   help_text=_("YYYY-MM; default: this month."))
    week = serializers.DateField(required=False, help_text=_("Any day of the week instead of a month."))
    department = serializers.IntegerField(required=False, min_value=1)
    enterprise = serializers.IntegerField(required=False, min_value=1)

    def validate(self, attrs):
        if "month" in attrs and "week" in attrs:
            raise serializers.ValidationError({"week": [_("Give a month or a week, not both.")]})
        if "week" in attrs:
            monday = attrs["week"] - datetime.timedelta(days=attrs["week"].weekday())
            attrs["start"], attrs["end"] = monday, monday + datetime.timedelta(days=6)
        else:
            text = attrs.get("month") or timezone.localdate().strftime("%Y-%m")
            year, month = (int(x) for x in text.split("-"))
            if not 2000 <= year <= 2100:
                raise serializers.ValidationError({"month": [_("Give a month between 2000 and 2100.")]})
            from attendance.selectors import month_bounds

            attrs["start"], attrs["end"] = month_bounds(datetime.date(year, month, 1))
        return attrs


class SheetRowSerializer(serializers.Serializer):
    placement = serializers.IntegerField(source="placement.pk")
    student = serializers.IntegerField(source="placement.student_id")
    student_no = serializers.CharField(source="placement.student.student_no")
    student_name = serializers.CharField(source="placement.student.name")
    department = serializers.CharField(source="placement.department_name", allow_null=True)
    enterprise_name = serializers.CharField(source="placement.enterprise.name")
    working_days = serializers.IntegerField(source="working")
    present = serializers.IntegerField()
    leave = serializers.DecimalField(max_digits=5, decimal_places=1)
    absent = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True,
                                    help_text=_("Present days per 100 working days that are over, leave left out."))
    days = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_days(self, obj) -> list[str]:
        return [str(state) for _day, state in sorted(obj.days.items())]

