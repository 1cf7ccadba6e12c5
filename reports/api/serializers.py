from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.serializers import ModelSerializer
from reports.choices import FileFormat, JobKind
from reports.imports import import_targets
from reports.models import ReportJob


class ReportJobSerializer(ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    title = serializers.CharField(read_only=True)
    done = serializers.BooleanField(source="is_finished", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportJob
        fields = ["id", "kind", "kind_display", "title", "params", "file_format", "language", "status",
                  "status_display", "failure_reason", "progress", "done", "summary", "expires_at", "created_at",
                  "started_at", "finished_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, obj) -> str | None:
        if not obj.is_downloadable:
            return None
        return reverse("reportjob-download", args=[obj.pk])


class ReportJobRequestSerializer(serializers.Serializer):
    """What a client sends to request a job; which fields matter depends on ``kind``."""

    kind = serializers.ChoiceField(choices=JobKind.choices)
    file_format = serializers.ChoiceField(choices=FileFormat.choices, required=False)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    spec = serializers.CharField(required=False, max_length=60, help_text=_("Export: the list to export."))
    columns = serializers.ListField(child=serializers.CharField(max_length=60), required=False, max_length=50)
    query = serializers.CharField(required=False, allow_blank=True, max_length=2000,
                                  help_text=_("Export: the list page's filter querystring."))
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    target = serializers.ChoiceField(choices=(), required=False)
    dry_run = serializers.BooleanField(required=False, default=True)
    source = serializers.FileField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What can be imported is registered by the apps (reports.imports), known once they are loaded.
        self.fields["target"].choices = import_targets()

    def validate(self, attrs):
        kind = attrs["kind"]
        required = {JobKind.EXPORT: ["spec"], JobKind.ANNUAL_REPORT: ["year"], JobKind.IMPORT: ["target", "source"]}
        errors = {f: [_("This field is required.")] for f in required[kind] if f not in attrs}
        if errors:
            raise serializers.ValidationError(errors)
        attrs.setdefault("language", (get_language() or "zh-hans").lower())
        return attrs


class ExportColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class ExportSpecSerializer(serializers.Serializer):
    """An export a list page offers (``reports/exports.py``): ``name`` is the ``spec`` of a report job."""

    name = serializers.CharField()
    label = serializers.CharField()
    columns = ExportColumnSerializer(many=True)
