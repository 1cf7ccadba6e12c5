from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Organization, User
from accounts.policy import access_for
from core.catalogue import refuse_archived
from core.serializers import ModelSerializer
from internships.choices import RUBRIC
from internships.models import (
    CURRENT_PLACEMENT_STATES,
    Application,
    ComplianceException,
    EmploymentOutcome,
    IncidentFollowUp,
    InternEvaluation,
    Placement,
    Posting,
    SafetyIncident,
    WeeklyLog,
    WeeklyLogAttachment,
)

# The programmes an outcome names, reached through its foreign key rather than an import of curriculum's models.
Program = EmploymentOutcome._meta.get_field("program").related_model


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

    def validate_competencies(self, value):
        """An archived competency stays on a posting that names it; it is chosen for no other."""
        kept = self.instance.competencies.values_list("pk", flat=True) if self.instance is not None else []
        return refuse_archived(list(value), keep=kept)


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


class EmploymentOutcomeSerializer(ModelSerializer):
    student = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    student_name = serializers.CharField(source="student.name", read_only=True)
    placement = serializers.PrimaryKeyRelatedField(queryset=Placement.objects.all(), allow_null=True, required=False)
    program = serializers.PrimaryKeyRelatedField(queryset=Program.objects.all(), allow_null=True, required=False)
    employer = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.enterprises(), allow_null=True,
                                                  required=False)
    employer_display = serializers.CharField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    monthly_salary = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, allow_null=True,
                                              required=False)

    class Meta:
        model = EmploymentOutcome
        fields = ["id", "student", "student_name", "placement", "program", "kind", "kind_display", "employer",
                  "employer_name", "employer_display", "position", "is_counterpart", "monthly_salary",
                  "recorded_on", "recorded_by"]
        read_only_fields = ["recorded_on", "recorded_by"]
        validators: list = []  # one per student: the service answers field by field

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            # A placement or programme the writer cannot see is "does not exist" (400), never a hint.
            self.fields["placement"].queryset = Placement.objects.visible_to(request.user)
            self.fields["program"].queryset = Program.objects.visible_to(request.user)
        if self.instance is not None and hasattr(self.instance, "pk"):
            self.fields["student"].read_only = True


class IncidentFollowUpSerializer(ModelSerializer):
    by_name = serializers.CharField(source="by.name", read_only=True, default="")

    class Meta:
        model = IncidentFollowUp
        fields = ["id", "note", "by", "by_name", "created_at"]
        read_only_fields = fields


class SafetyIncidentSerializer(ModelSerializer):
    placement = serializers.PrimaryKeyRelatedField(queryset=Placement.objects.all())
    student_name = serializers.CharField(source="placement.student.name", read_only=True)
    enterprise_name = serializers.CharField(source="placement.enterprise.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    follow_ups = IncidentFollowUpSerializer(many=True, read_only=True)

    class Meta:
        model = SafetyIncident
        fields = ["id", "placement", "student_name", "enterprise_name", "occurred_on", "severity", "description",
                  "follow_up", "notified", "status", "status_display", "reported_by", "created_at", "follow_ups"]
        read_only_fields = ["status", "reported_by", "created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["placement"].queryset = Placement.objects.visible_to(request.user)
        if self.instance is not None and hasattr(self.instance, "pk"):
            self.fields["placement"].read_only = True


class FollowUpNoteSerializer(serializers.Serializer):
    """What was done, recorded with who and when (a step of a safety incident)."""

    note = serializers.CharField(max_length=4000)


class FigureSerializer(serializers.Serializer):
    key = serializers.IntegerField(allow_null=True)
    label = serializers.CharField()
    total = serializers.IntegerField()
    employed = serializers.IntegerField()
    counterpart = serializers.IntegerField()
    further_study = serializers.IntegerField()
    employment_rate = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    counterpart_rate = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    average_salary = serializers.DecimalField(max_digits=10, decimal_places=0, allow_null=True)


class EmployerFigureSerializer(serializers.Serializer):
    key = serializers.IntegerField()
    label = serializers.CharField()
    hires = serializers.IntegerField()
    own_interns_hired = serializers.IntegerField()
    interns_with_outcome = serializers.IntegerField()
    counterpart = serializers.IntegerField()
    counterpart_rate = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    retention_rate = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    average_salary = serializers.DecimalField(max_digits=10, decimal_places=0, allow_null=True)


class OutcomeStatisticsSerializer(serializers.Serializer):
    """Employment rate, counterpart employment and average salary: overall, per programme, per enterprise."""

    overall = FigureSerializer()
    programmes = FigureSerializer(many=True)
    enterprises = EmployerFigureSerializer(many=True)
