from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Organization
from accounts.policy import access_for
from core.serializers import ModelSerializer
from internships.choices import RUBRIC
from internships.models import (
    CURRENT_PLACEMENT_STATES,
    Application,
    ComplianceException,
    InternEvaluation,
    Placement,
    Posting,
    WeeklyLog,
    WeeklyLogAttachment,
)


class PostingSerializer(ModelSerializer):
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.enterprises())
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    slots_left = serializers.IntegerField(read_only=True)

    class Meta:
        model = Posting
        fields = ["id", "enterprise", "enterprise_name", "title", "post", "description", "competencies", "slots",
                  "accepted_count", "slots_left", "location", "stipend_monthly", "daily_hours", "weekly_hours",
                  "night_shift", "overtime", "post_staff_count", "application_deadline", "start_date", "end_date",
                  "status", "published_at", "created_at"]
        read_only_fields = ["id", "accepted_count", "status", "published_at", "created_at"]

    def validate_enterprise(self, value):
        acc = access_for(self.context["request"].user)
        if not acc.is_college_admin and value.pk not in acc.enterprise_ids:
            raise serializers.ValidationError(_("You can post only for your own enterprise."))
        if self.instance is not None and value.pk != self.instance.enterprise_id:
            raise serializers.ValidationError(_("The enterprise of a posting cannot change."))
        return value


class ApplicationSerializer(ModelSerializer):
    posting = serializers.PrimaryKeyRelatedField(queryset=Posting.objects.all())
    posting_title = serializers.CharField(source="posting.title", read_only=True)
    enterprise_name = serializers.CharField(source="posting.enterprise.name", read_only=True)
    student_name = serializers.CharField(source="student.name", read_only=True)

    class Meta:
        model = Application
        fields = ["id", "posting", "posting_title", "enterprise_name", "student", "student_name", "note", "cv",
                  "status", "created_at", "updated_at"]
        read_only_fields = ["id", "student", "status", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # A student may only point at postings they can see; anything else is "does not exist".
            self.fields["posting"].queryset = Posting.objects.visible_to(request.user)


class PlacementSerializer(ModelSerializer):
    student_name = serializers.CharField(source="student.name", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.enterprises())
    rules_in_breach = serializers.ListField(
        source="compliance_issues", child=serializers.CharField(), read_only=True,
        help_text=_("Codes of the rules the placement breaks without an exception, as last checked."))
    exception_reason = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=2000,
        help_text=_("College admins: why the college allows a change that breaks the duration or a cap."))

    class Meta:
        model = Placement
        fields = ["id", "student", "student_name", "enterprise", "enterprise_name", "posting", "application", "post",
                  "post_staff_count", "start_date", "end_date", "daily_hours", "weekly_hours", "night_shift",
                  "overtime", "status", "school_mentor", "enterprise_mentor", "enterprise_mentor_name",
                  "enterprise_mentor_email", "agreement_file", "agreement_signed_on", "insurer",
                  "insurance_policy_no", "insurance_start", "insurance_end", "termination_reason", "started_at",
                  "ended_at", "final_grade", "compliance_ok", "rules_in_breach", "compliance_checked_at",
                  "exception_reason", "created_at"]
        read_only_fields = ["id", "posting", "application", "status", "termination_reason", "started_at",
                            "ended_at", "final_grade", "compliance_ok", "compliance_checked_at", "created_at"]
        # Uniqueness is a conflict (409) the service reports, not an input error.
        validators: list = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["student"].read_only = True
            fields["enterprise"].read_only = True
        return fields


class ComplianceExceptionSerializer(ModelSerializer):
    granted_by_name = serializers.CharField(source="granted_by.name", read_only=True, default="")

    class Meta:
        model = ComplianceException
        fields = ["id", "rule", "message", "reason", "change", "granted_by", "granted_by_name", "granted_at"]
        read_only_fields = fields


class PlacementDetailSerializer(PlacementSerializer):
    compliance_issues = serializers.SerializerMethodField()
    compliance_exceptions = ComplianceExceptionSerializer(many=True, read_only=True)

    class Meta(PlacementSerializer.Meta):
        fields = [*PlacementSerializer.Meta.fields, "compliance_issues", "compliance_exceptions"]

    def get_compliance_issues(self, obj) -> list[str]:
        """What keeps a pending placement from starting, or what an active one breaks, read now."""
        from internships.services import placement_compliance_issues

        return placement_compliance_issues(obj) if obj.status in CURRENT_PLACEMENT_STATES else []


class TerminateSerializer(serializers.Serializer):
    reason = serializers.CharField()


class EvaluationLinkSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=["midterm", "final"])


class EvaluationLinkSentSerializer(serializers.Serializer):
    evaluation = serializers.IntegerField()
    sent_to = serializers.EmailField()


class AttachmentSerializer(ModelSerializer):
    class Meta:
        model = WeeklyLogAttachment
        fields = ["id", "file", "name", "uploaded_at"]
        read_only_fields = ["id", "name", "uploaded_at"]


class WeeklyLogSerializer(ModelSerializer):
    attachments = AttachmentSerializer(many=True, read_only=True)
    is_late = serializers.BooleanField(read_only=True)
    placement = serializers.PrimaryKeyRelatedField(queryset=Placement.objects.all())

    class Meta:
        model = WeeklyLog
        fields = ["id", "placement", "week_no", "content", "status", "submitted_at", "is_late", "mentor_comment",
                  "grade", "reviewed_by", "reviewed_at", "enterprise_comment", "enterprise_commented_at",
                  "attachments"]
        read_only_fields = ["id", "status", "submitted_at", "mentor_comment", "grade", "reviewed_by", "reviewed_at",
                            "enterprise_comment", "enterprise_commented_at"]
        validators: list = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["placement"].queryset = Placement.objects.visible_to(request.user)

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["placement"].read_only = True
            fields["week_no"].read_only = True
        return fields


class ReviewSerializer(serializers.Serializer):
    grade = serializers.ChoiceField(choices=WeeklyLog._meta.get_field("grade").choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField()


class InternEvaluationSerializer(ModelSerializer):
    placement = serializers.PrimaryKeyRelatedField(queryset=Placement.objects.all())
    student_name = serializers.CharField(source="placement.student.name", read_only=True)

    class Meta:
        model = InternEvaluation
        fields = ["id", "placement", "student_name", "stage", "evaluator_role", "evaluator", "evaluator_name",
                  "status", *[k for k, _label in RUBRIC], "score", "comment", "submitted_at"]
        read_only_fields = ["id", "evaluator_role", "evaluator", "evaluator_name", "status", "score",
                            "submitted_at"]
        extra_kwargs = {k: {"required": True, "allow_null": False} for k, _label in RUBRIC}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["placement"].queryset = Placement.objects.visible_to(request.user)
