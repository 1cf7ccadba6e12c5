"""Serializers validate shapes and types; the rules live in partnerships.services."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.choices import OrganizationKind
from accounts.models import Organization, User
from accounts.policy import access_for
from core.catalogue import refuse_archived
from core.serializers import ModelSerializer
from curriculum.models import Competency, Program

from ..choices import DocumentKind, ProjectRole, SignatureMethod
from ..models import (
    Agreement,
    AgreementCommitment,
    AgreementDocument,
    Association,
    ContactLog,
    Enrollment,
    Enterprise,
    IndustryProject,
    OrderClass,
    ProjectMember,
    ProjectMilestone,
)
from ..selectors import hiring_rate


def mask_phone(value: str) -> str:
    return f"{value[:3]}****{value[-4:]}" if len(value) >= 8 else ("****" if value else "")


class ScopedFieldsMixin:
    """Related-object choices offered to a user come from the same scopes as everything else."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if "agreement" in fields and hasattr(fields["agreement"], "queryset"):
            fields["agreement"].queryset = Agreement.objects.visible_to(user)
        return fields


class OrgNameSerializer(ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "name_en", "kind"]


class EnterpriseSerializer(ModelSerializer):
    id = serializers.IntegerField(source="organization_id", read_only=True)
    name = serializers.CharField(source="organization.name", max_length=200)
    name_en = serializers.CharField(source="organization.name_en", max_length=200, required=False, allow_blank=True)
    short_name = serializers.CharField(source="organization.short_name", max_length=60, required=False,
                                       allow_blank=True)
    email = serializers.EmailField(source="organization.email", required=False, allow_blank=True)
    website = serializers.URLField(source="organization.website", required=False, allow_blank=True)
    segment_display = serializers.CharField(source="get_segment_display", read_only=True)
    tags = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    # Read by internships' rules (internships/rules.py): a college admin's reason to keep active interns
    # above the caps a lower staff count gives (issue 18 item 4).
    compliance_reason = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=2000,
        help_text=_("College admins: why interns may stay above the caps a lower staff count gives."))

    class Meta:
        model = Enterprise
        fields = [
            "id", "name", "name_en", "short_name", "email", "website", "segment", "segment_display", "staff_count",
            "credit_code", "address", "description", "contact_name", "contact_title", "contact_phone",
            "contact_email", "is_aigc_leader", "is_certified_iei", "certified_on", "tags", "created_at", "updated_at",
            "compliance_reason",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        acc = access_for(getattr(request, "user", None))
        if not (acc.is_college_admin or acc.is_teacher or instance.pk in acc.enterprise_ids):
            data["contact_phone"] = mask_phone(data["contact_phone"] or "")
        return data

    def flat(self) -> dict:
        data = dict(self.validated_data)
        data.update(data.pop("organization", {}))
        return data


class AssociationSerializer(ModelSerializer):
    id = serializers.IntegerField(source="organization_id", read_only=True)
    name = serializers.CharField(source="organization.name", max_length=200)
    name_en = serializers.CharField(source="organization.name_en", max_length=200, required=False, allow_blank=True)
    tags = serializers.ListField(child=serializers.CharField(max_length=40), required=False)

    class Meta:
        model = Association
        fields = ["id", "name", "name_en", "level", "credit_code", "address", "description", "contact_name",
                  "contact_phone", "contact_email", "member_count", "tags"]

    def flat(self) -> dict:
        data = dict(self.validated_data)
        data.update(data.pop("organization", {}))
        return data


class CommitmentSerializer(ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = AgreementCommitment
        fields = ["kind", "kind_display", "amount", "note"]


class AgreementSerializer(ModelSerializer):
    parties = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Organization.objects.filter(kind__in=[OrganizationKind.ENTERPRISE,
                                                                 OrganizationKind.ASSOCIATION])
    )
    parties_detail = OrgNameSerializer(source="parties", many=True, read_only=True)
    commitments = CommitmentSerializer(many=True, required=False)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    code = serializers.CharField(max_length=40, required=False, allow_blank=True)

    class Meta:
        model = Agreement
        fields = [
            "id", "code", "title", "kind", "kind_display", "status", "status_display", "parties", "parties_detail",
            "start_date", "end_date", "summary", "commitments", "previous", "relation", "version",
            "signature_method", "signed_on", "approved_at", "termination_reason", "created_at", "updated_at",
        ]
        read_only_fields = ["status", "previous", "relation", "version", "signature_method", "signed_on",
                            "approved_at", "termination_reason", "created_at", "updated_at"]

    def validate_code(self, value):
        qs = Agreement.objects.filter(code=value)
        if self.instance is not None:
            qs = qs.exclude(pk=self.instance.pk)
        if value and qs.exists():
            raise serializers.ValidationError(_("This code is already used."))
        return value

    def validate(self, attrs):
        start = attrs.get("start_date", getattr(self.instance, "start_date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        if start and end and end < start:
            raise serializers.ValidationError({"end_date": _("The end date is before the start date.")})
        return attrs


class AgreementSignSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=SignatureMethod.choices)
    signed_on = serializers.DateField(required=False)


class AgreementTerminateSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class TransitionNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class AgreementRenewSerializer(serializers.Serializer):
    end_date = serializers.DateField(required=False)


class AgreementDocumentSerializer(ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    file = serializers.FileField(write_only=True)

    class Meta:
        model = AgreementDocument
        fields = ["id", "kind", "kind_display", "title", "file", "uploaded_at"]
        read_only_fields = ["uploaded_at"]
        extra_kwargs = {"title": {"required": False, "allow_blank": True}}

    def validate_kind(self, value):
        if value not in DocumentKind.values:
            raise serializers.ValidationError(_("Unknown document kind."))
        return value


class AgreementStatusChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    by = serializers.CharField(source="by.__str__", default="")
    at = serializers.DateTimeField()
    note = serializers.CharField()


class EnrollmentSerializer(ModelSerializer):
    student_name = serializers.CharField(source="student.__str__", read_only=True)

    class Meta:
        model = Enrollment
        fields = ["id", "student", "student_name", "status", "outcome", "enrolled_at", "outcome_recorded_at"]


class OrderClassSerializer(ScopedFieldsMixin, ModelSerializer):
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.enterprises(), required=False)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    program = serializers.PrimaryKeyRelatedField(queryset=Program.objects.all(), required=False, allow_null=True)
    enrollments = EnrollmentSerializer(many=True, read_only=True)
    enrolled_count = serializers.IntegerField(read_only=True)
    graduated_count = serializers.IntegerField(read_only=True)
    hired_count = serializers.IntegerField(read_only=True)
    hiring_rate = serializers.SerializerMethodField()

    class Meta:
        model = OrderClass
        fields = [
            "id", "agreement", "enterprise", "enterprise_name", "program", "kind", "name", "cohort_year", "quota",
            "hiring_commitment", "graduation_date", "enrolled_count", "graduated_count", "hired_count",
            "hiring_rate", "enrollments", "created_at",
        ]
        read_only_fields = ["created_at"]
        extra_kwargs = {"kind": {"required": False}}

    def get_hiring_rate(self, obj) -> float | None:
        rate = hiring_rate(obj)
        return float(rate) if rate is not None else None


class OrderClassEnrollSerializer(serializers.Serializer):
    student = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())


class EnrollmentRefSerializer(serializers.Serializer):
    enrollment = serializers.IntegerField()


class HiringOutcomeSerializer(EnrollmentRefSerializer):
    hired = serializers.BooleanField()


class ProjectMemberSerializer(ModelSerializer):
    name = serializers.CharField(source="user.__str__", read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = ProjectMember
        fields = ["id", "user", "name", "role", "role_display", "team", "joined_at"]


class ProjectMilestoneSerializer(ModelSerializer):
    class Meta:
        model = ProjectMilestone
        fields = ["id", "title", "due_date", "deliverable", "completed_on"]
        read_only_fields = ["completed_on"]


class IndustryProjectSerializer(ScopedFieldsMixin, ModelSerializer):
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.enterprises(), required=False)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    competencies = serializers.PrimaryKeyRelatedField(queryset=Competency.objects.all(), many=True, required=False)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    members = ProjectMemberSerializer(many=True, read_only=True)
    milestones = ProjectMilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = IndustryProject
        fields = [
            "id", "enterprise", "enterprise_name", "agreement", "title", "brief", "deliverables", "status",
            "status_display", "competencies", "start_date", "end_date", "max_students", "outcome", "feedback",
            "rating", "members", "milestones", "published_at", "created_at", "updated_at",
        ]
        read_only_fields = ["status", "outcome", "feedback", "rating", "published_at", "created_at", "updated_at"]

    def validate_competencies(self, value):
        """An archived competency stays on a project that names it; it is chosen for no other."""
        kept = self.instance.competencies.values_list("pk", flat=True) if self.instance is not None else []
        return refuse_archived(list(value), keep=kept)


class ProjectJoinSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=ProjectRole.choices)
    team = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False,
                                              help_text=_("College admins may add someone else."))


class ProjectDeliverSerializer(serializers.Serializer):
    outcome = serializers.CharField(max_length=5000)


class ProjectCloseSerializer(serializers.Serializer):
    feedback = serializers.CharField(max_length=5000)
    rating = serializers.IntegerField(min_value=1, max_value=5)


class ContactLogSerializer(ScopedFieldsMixin, ModelSerializer):
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.enterprises())
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    channel_display = serializers.CharField(source="get_channel_display", read_only=True)
    recorded_by_name = serializers.CharField(source="recorded_by.__str__", read_only=True, default="")
    follow_up_pending = serializers.BooleanField(read_only=True)

    class Meta:
        model = ContactLog
        fields = [
            "id", "enterprise", "enterprise_name", "agreement", "channel", "channel_display", "occurred_on", "subject",
            "summary", "participants", "is_internal", "follow_up_on", "follow_up_pending", "follow_up_done_at",
            "recorded_by_name", "created_at",
        ]
        read_only_fields = ["follow_up_done_at", "created_at"]




class CommitmentResultSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    promised = serializers.DecimalField(max_digits=None, decimal_places=2)
    actual = serializers.DecimalField(max_digits=None, decimal_places=2)
    kept = serializers.BooleanField()


class AgreementYearSerializer(serializers.Serializer):
    """One agreement year that has begun, with what each commitment promised and what was done."""

    year = serializers.IntegerField(source="number")
    start = serializers.DateField()
    end = serializers.DateField()
    ended = serializers.BooleanField()
    commitments = CommitmentResultSerializer(source="results", many=True)
