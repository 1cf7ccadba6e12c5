from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.choices import OrganizationKind
from accounts.models import Organization, User
from accounts.policy import access_for
from core.serializers import ModelSerializer
from curriculum.models import Course
from partnerships.models import Agreement, IndustryProject

from ..models import (
    Assessment,
    InstructorEvaluation,
    PartTimeInstructor,
    TeacherPlacement,
    TeacherProfile,
    TeachingAssignment,
    TrainingRecord,
)


def mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 8 else ("*" * len(phone))


class TeacherProfileSerializer(ModelSerializer):
    name = serializers.CharField(source="user.__str__", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True, default="")
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    department = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(kind=OrganizationKind.DEPARTMENT), allow_null=True, required=False
    )
    dual_qualified = serializers.SerializerMethodField()
    standing = serializers.SerializerMethodField()

    class Meta:
        model = TeacherProfile
        fields = ["id", "user", "name", "department", "department_name", "title_rank", "subjects", "aigc_skills",
                  "industry_years", "employed_since", "is_specialist", "dual_qualified", "standing"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list | tuple) and hasattr(self.instance, "pk"):
            self.fields["user"].read_only = True

    def get_dual_qualified(self, obj) -> dict:
        status = self.context.get("dual", {}).get(obj.pk)
        return {"qualified": status.qualified, "reasons": status.reasons} if status else {}

    def get_standing(self, obj) -> dict:
        s = self.context.get("standings", {}).get(obj.pk)
        if not s:
            return {}
        return {"status": s.status, "counted_days": s.counted_days, "pending_days": s.pending_days,
                "required_days": s.required_days, "expected_days": s.expected_days,
                "window_start": s.window_start, "window_end": s.window_end}


class TeacherPlacementSerializer(ModelSerializer):
    teacher = serializers.PrimaryKeyRelatedField(queryset=TeacherProfile.objects.all(), required=False)
    teacher_name = serializers.CharField(source="teacher.user.__str__", read_only=True)
    host = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.filter(kind=OrganizationKind.ENTERPRISE))
    host_name = serializers.CharField(source="host.name", read_only=True)
    agreement = serializers.PrimaryKeyRelatedField(queryset=Agreement.objects.all(), allow_null=True, required=False)
    industry_project = serializers.PrimaryKeyRelatedField(
        queryset=IndustryProject.objects.all(), allow_null=True, required=False
    )
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = TeacherPlacement
        fields = ["id", "teacher", "teacher_name", "host", "host_name", "agreement", "start_date", "end_date", "role",
                  "project", "industry_project", "days", "outcomes", "evidence", "contact_name", "contact_email",
                  "status", "status_display", "return_reason", "confirmed_by_name", "confirmed_at", "created_at"]
        read_only_fields = ["status", "return_reason", "confirmed_by_name", "confirmed_at", "created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            # Only what the writer may see can be referenced: a hidden agreement is "does not exist".
            self.fields["agreement"].queryset = Agreement.objects.visible_to(request.user)
            self.fields["industry_project"].queryset = IndustryProject.objects.visible_to(request.user)
        if self.instance is not None and hasattr(self.instance, "pk"):
            self.fields["teacher"].read_only = True

    def validate(self, attrs):
        request = self.context["request"]
        if self.instance is None:
            acc = access_for(request.user)
            if acc.is_college_admin:
                if not attrs.get("teacher"):
                    raise serializers.ValidationError({"teacher": _("Choose the teacher.")})
            else:
                attrs.pop("teacher", None)
        return attrs


class TrainingRecordSerializer(ModelSerializer):
    profile = serializers.PrimaryKeyRelatedField(queryset=TeacherProfile.objects.all(), required=False)
    teacher_name = serializers.CharField(source="profile.user.__str__", read_only=True)

    class Meta:
        model = TrainingRecord
        fields = ["id", "profile", "teacher_name", "kind", "title", "organizer", "start_date", "end_date", "hours",
                  "certificate_name", "certificate_file", "created_at"]
        read_only_fields = ["created_at"]

    def validate(self, attrs):
        if self.instance is None:
            acc = access_for(self.context["request"].user)
            if acc.is_college_admin and not attrs.get("profile"):
                raise serializers.ValidationError({"profile": _("Choose the teacher.")})
            if not acc.is_college_admin:
                attrs.pop("profile", None)
        else:
            attrs.pop("profile", None)
        start, end = attrs.get("start_date"), attrs.get("end_date")
        if self.instance is not None:
            start, end = start or self.instance.start_date, end or self.instance.end_date
        if start and end and end < start:
            raise serializers.ValidationError({"end_date": _("The end date is before the start date.")})
        return attrs


class PartTimeInstructorSerializer(ModelSerializer):
    enterprise = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(kind=OrganizationKind.ENTERPRISE)
    )
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    total_hours = serializers.DecimalField(max_digits=10, decimal_places=1, read_only=True, default=Decimal("0"))
    total_pay = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, default=Decimal("0"))

    class Meta:
        model = PartTimeInstructor
        fields = ["id", "name", "user", "enterprise", "enterprise_name", "position", "expertise", "phone", "email",
                  "hourly_rate", "is_active", "total_hours", "total_pay"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        acc = access_for(request.user) if request else None
        if acc is None or not (acc.is_college_admin or instance.enterprise_id in acc.enterprise_ids):
            data["phone"] = mask_phone(instance.phone)
        return data


class InstructorEvaluationSerializer(ModelSerializer):
    evaluator_name = serializers.CharField(source="evaluator.__str__", read_only=True, default="")

    class Meta:
        model = InstructorEvaluation
        fields = ["id", "score", "comment", "evaluator_name", "created_at"]
        read_only_fields = ["created_at"]


class TeachingAssignmentSerializer(ModelSerializer):
    instructor = serializers.PrimaryKeyRelatedField(queryset=PartTimeInstructor.objects.all())
    instructor_name = serializers.CharField(source="instructor.name", read_only=True)
    course = serializers.PrimaryKeyRelatedField(queryset=Course.objects.all())
    course_name = serializers.CharField(source="course.__str__", read_only=True)
    mentor = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), allow_null=True, required=False)
    rate = serializers.DecimalField(max_digits=8, decimal_places=2, required=False, min_value=Decimal("0"))
    evaluations = InstructorEvaluationSerializer(many=True, read_only=True)
    average_score = serializers.SerializerMethodField()

    class Meta:
        model = TeachingAssignment
        fields = ["id", "instructor", "instructor_name", "course", "course_name", "term", "hours", "rate", "pay",
                  "mentor", "evaluations", "average_score"]
        read_only_fields = ["pay"]
        validators: list = []  # the unique term rule is checked by the service (model validation, 400)

    def get_average_score(self, obj) -> str | None:
        scores = [e.score for e in obj.evaluations.all()]
        return str((sum(scores) / len(scores)).quantize(Decimal("0.01"))) if scores else None


class AssessmentSerializer(ModelSerializer):
    teacher_name = serializers.CharField(source="profile.user.__str__", read_only=True)
    department_name = serializers.CharField(source="profile.department.name", read_only=True, default="")

    class Meta:
        model = Assessment
        fields = ["id", "profile", "teacher_name", "department_name", "year", "scheme", "score", "breakdown",
                  "computed_at"]
        read_only_fields = fields


class AssessmentComputeSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    profile = serializers.PrimaryKeyRelatedField(queryset=TeacherProfile.objects.all(), required=False,
                                                 allow_null=True)


class RatioSerializer(serializers.Serializer):
    qualified = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.DecimalField(max_digits=4, decimal_places=1)


class DepartmentRatioSerializer(RatioSerializer):
    name = serializers.CharField()


class DualRatiosSerializer(serializers.Serializer):
    """The dual-qualified (双师型) ratio of the college and of each department."""

    college = RatioSerializer()
    departments = DepartmentRatioSerializer(many=True)
