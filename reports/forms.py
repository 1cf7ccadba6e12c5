from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import FileFormat
from .exports import available_specs, get_spec
from .imports import import_targets


class ExportForm(forms.Form):
    spec = forms.ChoiceField(label=_("List"), help_text=_("Which list to export."))
    columns = forms.MultipleChoiceField(
        label=_("Columns"), widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("Leave all unticked to export every column."),
    )
    file_format = forms.ChoiceField(
        label=_("Format"), choices=[(FileFormat.XLSX, FileFormat.XLSX.label), (FileFormat.CSV, FileFormat.CSV.label)],
    )
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)

    def __init__(self, *args, spec_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["spec"].choices = [(s.name, s.label) for s in available_specs()]
        spec = get_spec(self.data.get("spec") or spec_name or "") or (available_specs() or [None])[0]
        if spec:
            self.fields["columns"].choices = [(c.key, c.label) for c in spec.columns]
            self.fields["spec"].initial = spec.name


class AnnualReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, help_text=_("The calendar year the report covers."))
    file_format = forms.ChoiceField(
        label=_("Format"), choices=[(FileFormat.PDF, FileFormat.PDF.label), (FileFormat.XLSX, FileFormat.XLSX.label)],
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].max_value = this_year
        self.fields["year"].widget.attrs["max"] = this_year
        self.fields["year"].initial = this_year - 1


class ImportForm(forms.Form):
    target = forms.ChoiceField(label=_("What to import"), choices=import_targets)
    source = forms.FileField(
        label=_("File"), help_text=_("An XLSX workbook or a CSV file laid out like the template."),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run only"), required=False, initial=True,
        help_text=_("Check every row and show the errors without saving anything."),
    )
