from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.choices import OrganizationKind
from accounts.models import Organization, User
from accounts.policy import access_for
from core.prefetch import prefetched_rows
from core.serializers import ModelSerializer
from curriculum.models import Course

from ..models import (
    Assessment,
    IndustryYearsDeclaration,
    InstructorEvaluation,
    PartTimeInstructor,
    ReformRecord,
    TeacherAward,
    TeacherCertificate,
    TeacherPlacement,
    TeacherProfile,
    TeachingAssignment,
    TrainingRecord,
)

# The partner agreements and industry projects a placement may name, reached through the placement's own
# foreign keys rather than an import of partnerships (faculty stands above it and asks only its scopes).
Agreement = TeacherPlacement._meta.get_field("agreement").related_model
IndustryProject = TeacherPlacement._meta.get_field("industry_project").related_model


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
    industry_years = serializers.IntegerField(
        min_value=0, max_value=60, required=False,
        help_text=_("The verified figure. A teacher who writes a new one declares it: it counts once a college "
                    "admin verified it (see industry_years_declaration)."),
    )
    industry_years_declaration = serializers.SerializerMethodField()

    class Meta:
        model = TeacherProfile
        fields = ["id", "user", "name", "department", "department_name", "title_rank", "subjects", "aigc_skills",
                  "industry_years", "industry_years_declaration", "employed_since", "is_specialist", "dual_qualified",
                  "standing"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list | tuple) and hasattr(self.instance, "pk"):
            self.fields["user"].read_only = True

    def get_dual_qualified(self, obj) -> dict:
        status = self.context.get("dual", {}).get(obj.pk)
        return {"qualified": status.qualified, "reasons": status.reasons} if status else {}

    def get_industry_years_declaration(self, obj) -> dict | None:
        """The latest declaration of years in industry: pending, verified or rejected (and why)."""
        latest = next(iter(prefetched_rows(obj, "industry_years_declarations")), None)
        if latest is None:
            return None
        return {"id": latest.id, "years": latest.years, "status": latest.status,
                "status_display": latest.get_status_display(), "reviewed_at": latest.reviewed_at,
                "rejection_reason": latest.rejection_reason}

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
    # Copied from the host's registered contact on submission, blank before: text, not an e-mail format.
    contact_email = serializers.CharField(read_only=True)

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


EVIDENCE_FIELDS = ["status", "status_display", "reviewed_by_name", "reviewed_at", "rejection_reason"]


class EvidenceSerializer(ModelSerializer):
    """A teacher's evidence: the teacher names no profile (their own); a college admin names the teacher.
    Whether it counts (``status``) and who decided, when and why are read-only: they change only
    through the verify and reject steps."""

    profile = serializers.PrimaryKeyRelatedField(queryset=TeacherProfile.objects.all(), required=False)
    teacher_name = serializers.CharField(source="profile.user.__str__", read_only=True)
    status = serializers.CharField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    reviewed_by_name = serializers.SerializerMethodField()
    reviewed_at = serializers.DateTimeField(read_only=True, allow_null=True)  # null while pending
    rejection_reason = serializers.CharField(read_only=True)

    def get_reviewed_by_name(self, obj) -> str:
        # A method, not source="reviewed_by.__str__": pending evidence has no reviewer.
        return str(obj.reviewed_by) if obj.reviewed_by_id else ""

    def validate(self, attrs):
        if self.instance is None:
            acc = access_for(self.context["request"].user)
            if acc.is_college_admin and not acc.is_teacher and not attrs.get("profile"):
                raise serializers.ValidationError({"profile": _("Choose the teacher.")})
            if not acc.is_college_admin:
                attrs.pop("profile", None)
        else:
            attrs.pop("profile", None)
        return attrs


class TeacherCertificateSerializer(EvidenceSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = TeacherCertificate
        fields = ["id", "profile", "teacher_name", "kind", "kind_display", "name", "issuer", "issued_on",
                  "valid_until", "file", "created_at", *EVIDENCE_FIELDS]
        read_only_fields = ["created_at"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        issued, until = attrs.get("issued_on"), attrs.get("valid_until")
        if issued and until and until < issued:
            raise serializers.ValidationError({"valid_until": _("A certificate cannot expire before it is issued.")})
        return attrs


class ReformRecordSerializer(EvidenceSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    course = serializers.PrimaryKeyRelatedField(queryset=Course.objects.all(), allow_null=True, required=False)

    class Meta:
        model = ReformRecord
        fields = ["id", "profile", "teacher_name", "kind", "kind_display", "title", "year", "course", "description",
                  "created_at", *EVIDENCE_FIELDS]
        read_only_fields = ["created_at"]


class IndustryYearsDeclarationSerializer(EvidenceSerializer):
    class Meta:
        model = IndustryYearsDeclaration
        fields = ["id", "profile", "teacher_name", "years", "description", "file", "created_at", *EVIDENCE_FIELDS]
        read_only_fields = ["created_at"]


class TrainingRecordSerializer(EvidenceSerializer):
    class Meta:
        model = TrainingRecord
        fields = ["id", "profile", "teacher_name", "kind", "title", "organizer", "start_date", "end_date", "hours",
                  "certificate_name", "certificate_file", "created_at", *EVIDENCE_FIELDS]
        read_only_fields = ["created_at"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
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
                  "hourly_rate", "is_active", "archived_at", "total_hours", "total_pay"]
        read_only_fields = ["archived_at"]

    def validate(self, attrs):
        # ``is_active`` was writable before the roster became a catalogue: a body that asks to change it is
        # told where archiving went rather than quietly ignored (the same value sent back is fine).
        data = getattr(self, "initial_data", {})
        if hasattr(data, "get") and "is_active" in data:
            try:
                wanted = serializers.BooleanField().to_internal_value(data.get("is_active"))
            except serializers.ValidationError:
                wanted = None
            current = self.instance.is_active if self.instance is not None else True
            if wanted != current:
                raise serializers.ValidationError({"is_active": _(
                    "Archive or restore the instructor instead (POST …/archive/ or …/restore/).")})
        return attrs

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


class InstructorEvaluationRecordSerializer(ModelSerializer):
    """An evaluation as a resource of its own: which assignment, by whom. The assignment is named on creation
    only (one the writer may evaluate, checked by the view), never moved afterwards."""

    assignment = serializers.PrimaryKeyRelatedField(queryset=TeachingAssignment.objects.all())
    instructor_name = serializers.CharField(source="assignment.instructor.name", read_only=True)
    course_name = serializers.CharField(source="assignment.course.__str__", read_only=True)
    term = serializers.CharField(source="assignment.term", read_only=True)
    evaluator_name = serializers.CharField(source="evaluator.__str__", read_only=True, default="")

    class Meta:
        model = InstructorEvaluation
        fields = ["id", "assignment", "instructor_name", "course_name", "term", "score", "comment", "evaluator",
                  "evaluator_name", "created_at"]
        read_only_fields = ["evaluator", "created_at"]
        validators: list = []  # once per evaluator: the service answers 409 already_evaluated

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            # Only an assignment the writer sees can be named: another's is "does not exist" (400), never a hint.
            self.fields["assignment"].queryset = TeachingAssignment.objects.visible_to(request.user)
        if self.instance is not None and hasattr(self.instance, "pk"):
            self.fields["assignment"].read_only = True


class TeacherAwardSerializer(ModelSerializer):
    """A teacher's award. A teacher names no profile (their own); a college admin names the teacher. The
    incentive is set by college admins only (services: a teacher's differing figure is a 400)."""

    profile = serializers.PrimaryKeyRelatedField(queryset=TeacherProfile.objects.all(), required=False)
    teacher_name = serializers.CharField(source="profile.user.__str__", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = TeacherAward
        fields = ["id", "profile", "teacher_name", "year", "title", "level", "level_display", "incentive_cny",
                  "created_at"]
        read_only_fields = ["created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and hasattr(self.instance, "pk"):
            self.fields["profile"].read_only = True

    def validate(self, attrs):
        if self.instance is None:
            acc = access_for(self.context["request"].user)
            if acc.is_college_admin and not attrs.get("profile") and not acc.is_teacher:
                raise serializers.ValidationError({"profile": _("Choose the teacher.")})
            if not acc.is_college_admin:
                attrs.pop("profile", None)
        return attrs


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
