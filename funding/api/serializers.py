from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Organization
from core.serializers import ModelSerializer
from curriculum.models import Program

from ..models import (
    Booking,
    Budget,
    BudgetLine,
    Equipment,
    EvaluationCriterion,
    EvaluationScore,
    Expenditure,
    FundingSource,
    Incentive,
    MaintenanceRecord,
    ProgramEvaluation,
    Standard,
    StandardVersion,
    TrainingBase,
)


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A reference the requesting user may see; anything else reads as 'does not exist' (no probing)."""

    def __init__(self, model, **kwargs):
        self.model = model
        kwargs.setdefault("queryset", model.objects.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.model.objects.visible_to(getattr(request, "user", None))


class FundingSourceSerializer(ModelSerializer):
    funder = ScopedPrimaryKeyRelatedField(Organization, required=False, allow_null=True)
    funder_display = serializers.CharField(read_only=True)
    has_document = serializers.SerializerMethodField()

    class Meta:
        model = FundingSource
        fields = ["id", "kind", "title", "funder", "funder_name", "funder_display", "amount", "received_on",
                  "period_start", "period_end", "purpose", "restrictions", "document", "has_document", "status",
                  "created_at"]
        read_only_fields = ["id", "status", "created_at"]
        extra_kwargs = {"document": {"write_only": True, "required": False}}

    def get_has_document(self, obj) -> bool:
        return bool(obj.document)


class BudgetLineSerializer(ModelSerializer):
    source = ScopedPrimaryKeyRelatedField(FundingSource, required=False, allow_null=True)
    execution_rate = serializers.DecimalField(max_digits=7, decimal_places=2, read_only=True)
    remaining = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = BudgetLine
        fields = ["id", "category", "name", "source", "amount", "spent", "override_allowance", "remaining",
                  "execution_rate"]
        read_only_fields = ["id", "spent", "override_allowance"]


class BudgetSerializer(ModelSerializer):
    lines = BudgetLineSerializer(many=True, read_only=True)
    total_amount = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    total_spent = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    execution_rate = serializers.SerializerMethodField()

    class Meta:
        model = Budget
        fields = ["id", "year", "title", "status", "note", "total_amount", "total_spent", "execution_rate", "lines",
                  "created_at"]
        read_only_fields = ["id", "status", "created_at"]

    def get_execution_rate(self, obj) -> str:
        from ..models import rate

        # A string, like every DecimalField of the API, so no client sees a float.
        return str(rate(getattr(obj, "total_spent", 0), getattr(obj, "total_amount", 0)))


class ExpenditureSerializer(ModelSerializer):
    line = ScopedPrimaryKeyRelatedField(BudgetLine)
    line_name = serializers.CharField(source="line.name", read_only=True)
    category = serializers.CharField(source="line.category", read_only=True)
    budget = serializers.IntegerField(source="line.budget_id", read_only=True)
    has_invoice = serializers.SerializerMethodField()

    class Meta:
        model = Expenditure
        fields = ["id", "line", "line_name", "category", "budget", "spent_on", "payee", "description", "amount",
                  "invoice", "has_invoice", "status", "override_amount", "override_reason", "created_at"]
        read_only_fields = ["id", "status", "override_amount", "created_at"]
        extra_kwargs = {"invoice": {"write_only": True, "required": False}}

    def get_has_invoice(self, obj) -> bool:
        return bool(obj.invoice)


class TrainingBaseSerializer(ModelSerializer):
    host = ScopedPrimaryKeyRelatedField(Organization, required=False, allow_null=True)
    host_name = serializers.CharField(source="host.name", read_only=True, default="")
    equipment_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = TrainingBase
        fields = ["id", "name", "kind", "host", "host_name", "agreement", "location", "capacity", "rules",
                  "requires_approval", "is_active", "equipment_count"]
        read_only_fields = ["id"]

    def get_fields(self):
        fields = super().get_fields()
        # The agreement's model through the relation, not an import: funding sits beside partnerships.
        agreement_model = TrainingBase._meta.get_field("agreement").related_model
        fields["agreement"] = ScopedPrimaryKeyRelatedField(agreement_model, required=False, allow_null=True)
        return fields


class MaintenanceRecordSerializer(ModelSerializer):
    status = serializers.ChoiceField(choices=Equipment._meta.get_field("status").choices, required=False,
                                     write_only=True, help_text=_("New status of the item, if it changes."))

    class Meta:
        model = MaintenanceRecord
        fields = ["id", "performed_on", "description", "cost", "performed_by", "status"]
        read_only_fields = ["id"]


class EquipmentSerializer(ModelSerializer):
    base = ScopedPrimaryKeyRelatedField(TrainingBase)
    base_name = serializers.CharField(source="base.name", read_only=True)
    maintenance = MaintenanceRecordSerializer(many=True, read_only=True)

    class Meta:
        model = Equipment
        fields = ["id", "base", "base_name", "name", "kind", "asset_no", "spec", "status", "maintenance"]
        read_only_fields = ["id"]


class BookingSerializer(ModelSerializer):
    base = ScopedPrimaryKeyRelatedField(TrainingBase, required=False, allow_null=True)
    equipment = ScopedPrimaryKeyRelatedField(Equipment, required=False, allow_null=True)
    resource_name = serializers.SerializerMethodField()
    booked_by_name = serializers.CharField(source="booked_by.__str__", read_only=True)

    class Meta:
        model = Booking
        fields = ["id", "base", "equipment", "resource_name", "starts_at", "ends_at", "purpose", "participants",
                  "status", "booked_by", "booked_by_name", "decided_at", "created_at"]
        read_only_fields = ["id", "status", "booked_by", "decided_at", "created_at"]

    def get_resource_name(self, obj) -> str:
        return str(obj.resource)

    def validate(self, attrs):
        if attrs.get("base") and attrs.get("equipment"):
            attrs.pop("base")  # the item's own base is used; naming both is harmless
        return attrs


class IncentiveSerializer(ModelSerializer):
    recipient_display = serializers.CharField(read_only=True)

    class Meta:
        model = Incentive
        fields = ["id", "kind", "title", "year", "recipient_user", "recipient_org", "recipient_display", "amount",
                  "eligibility", "status", "awarded_on", "created_at"]
        read_only_fields = ["id", "status", "awarded_on", "created_at"]


class StandardVersionSerializer(ModelSerializer):
    class Meta:
        model = StandardVersion
        fields = ["id", "version", "status", "published_on", "summary", "checklist"]
        read_only_fields = ["id", "status", "published_on"]
        # A version is its checklist: left out it was a TypeError in the service (500), not a 400.
        extra_kwargs = {"checklist": {"required": True}}


class StandardSerializer(ModelSerializer):
    versions = StandardVersionSerializer(many=True, read_only=True)
    association = ScopedPrimaryKeyRelatedField(Organization)

    class Meta:
        model = Standard
        fields = ["id", "association", "kind", "code", "title", "scope", "versions", "created_at"]
        read_only_fields = ["id", "created_at"]


class PublishSerializer(serializers.Serializer):
    version = serializers.IntegerField()


class DeclareSerializer(serializers.Serializer):
    program = ScopedPrimaryKeyRelatedField(Program)
    version = serializers.IntegerField()
    met_items = serializers.ListField(child=serializers.IntegerField(min_value=0), required=False, default=list)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class EvaluationCriterionSerializer(ModelSerializer):
    class Meta:
        model = EvaluationCriterion
        fields = ["id", "code", "name", "description", "weight", "archived_at"]
        read_only_fields = ["archived_at"]


class ScoreSerializer(ModelSerializer):
    criterion_name = serializers.CharField(source="criterion.name", read_only=True)

    class Meta:
        model = EvaluationScore
        fields = ["criterion", "criterion_name", "score"]
        extra_kwargs = {"criterion": {"queryset": EvaluationCriterion.objects.active()}}


class ProgramEvaluationSerializer(ModelSerializer):
    program = ScopedPrimaryKeyRelatedField(Program)
    program_title = serializers.CharField(source="program.title", read_only=True)
    scores = ScoreSerializer(many=True)

    class Meta:
        model = ProgramEvaluation
        fields = ["id", "program", "program_title", "year", "party", "organization", "evaluator", "status",
                  "comment", "weighted_score", "scores", "submitted_at", "created_at"]
        read_only_fields = ["id", "party", "organization", "evaluator", "status", "weighted_score", "submitted_at",
                            "created_at"]

    def validate_scores(self, value):
        ids = [s["criterion"].pk for s in value]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError(_("Each criterion is scored once."))
        return value


class DeclarationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    program = serializers.IntegerField()
    version = serializers.IntegerField()
    met_items = serializers.ListField(child=serializers.IntegerField())
    completion_rate = serializers.DecimalField(max_digits=7, decimal_places=2)


class BaseUtilizationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    room_hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    room_rate = serializers.DecimalField(max_digits=7, decimal_places=2)
    equipment_hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    equipment_rate = serializers.DecimalField(max_digits=7, decimal_places=2)


class ItemUtilizationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    base = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    rate = serializers.DecimalField(max_digits=7, decimal_places=2)


class UtilizationSerializer(serializers.Serializer):
    period_hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    bases = BaseUtilizationSerializer(many=True)
    items = ItemUtilizationSerializer(many=True)


class PartyScoresSerializer(serializers.Serializer):
    college = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    enterprise = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    association = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)


class EvaluationSummarySerializer(serializers.Serializer):
    program = serializers.IntegerField()
    program_title = serializers.CharField()
    year = serializers.IntegerField()
    by_party = PartyScoresSerializer()
    combined = serializers.DecimalField(max_digits=5, decimal_places=2)
