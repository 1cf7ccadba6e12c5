"""HTML forms: field shapes and help texts only; every rule is checked again by the services."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganizationKind, Role
from accounts.models import Membership, Organization, User
from core.catalogue import pickable
from curriculum.models import Competency, Program

from .choices import (
    AgreementKind,
    CommitmentKind,
    ContactChannel,
    DocumentKind,
    IndustrySegment,
    ProjectRole,
    SignatureMethod,
)
from .models import Agreement
from .validators import validate_credit_code

DATE = forms.DateInput(attrs={"type": "date"})


class TagsField(forms.CharField):
    def prepare_value(self, value):
        return "，".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value):
        text = (value or "").replace("，", ",").replace("、", ",")
        return [t.strip()[:40] for t in text.split(",") if t.strip()]


class EnterpriseForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    short_name = forms.CharField(label=_("Short name"), max_length=60, required=False)
    segment = forms.ChoiceField(label=_("Industry segment"), choices=IndustrySegment.choices)
    staff_count = forms.IntegerField(label=_("Staff count"), min_value=0,
                                     help_text=_("Internship caps are computed from it (one tenth of the staff)."))
    credit_code = forms.CharField(
        label=_("Unified social credit code"), max_length=18, required=False, validators=[validate_credit_code],
        help_text=_("18 characters, GB 32100-2015; the last one is a check character."),
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    email = forms.EmailField(label=_("E-mail"), required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    contact_name = forms.CharField(label=_("Contact person"), max_length=100, required=False)
    contact_title = forms.CharField(label=_("Contact's job title"), max_length=100, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=32, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    is_aigc_leader = forms.BooleanField(label=_("AIGC leader"), required=False)
    is_certified_iei = forms.BooleanField(label=_("Certified industry–education integration enterprise"),
                                          required=False)
    certified_on = forms.DateField(label=_("Certified on"), required=False, widget=DATE,
                                   help_text=_("Required when the enterprise is certified."))
    tags = TagsField(label=_("Tags"), required=False, help_text=_("Separate tags with commas."))

    COLLEGE_ONLY = ("segment", "is_aigc_leader", "is_certified_iei", "certified_on")

    def __init__(self, *args, college_admin: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not college_admin:
            for name in self.COLLEGE_ONLY:
                self.fields[name].disabled = True

    def clean_credit_code(self):
        return (self.cleaned_data.get("credit_code") or "").strip().upper()

    def clean(self):
        data = super().clean()
        if data.get("is_certified_iei") and not data.get("certified_on"):
            self.add_error("certified_on", _("Give the date of certification."))
        return data


class AgreementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementKind.choices)
    parties = forms.ModelMultipleChoiceField(
        label=_("Partners"), queryset=Organization.objects.none(),
        help_text=_("Enterprises or associations that sign with the college; hold Ctrl to choose several."),
    )
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    end_date = forms.DateField(label=_("End date"), widget=DATE)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    code = forms.CharField(label=_("Code"), max_length=40, required=False,
                           help_text=_("Leave empty to have one generated."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = Organization.objects.filter(
            kind__in=[OrganizationKind.ENTERPRISE, OrganizationKind.ASSOCIATION], is_active=True
        ).order_by("kind", "name")
        for kind, label in CommitmentKind.choices:
            self.fields[f"commit_{kind}"] = forms.DecimalField(
                label=label, required=False, min_value=0, max_digits=14, decimal_places=2,
                help_text=_("Leave empty if not promised."),
            )

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("The end date is before the start date."))
        code = data.get("code")
        if code and Agreement.objects.filter(code=code).exclude(pk=getattr(self, "instance_pk", None)).exists():
            self.add_error("code", _("This code is already used."))
        return data

    def commitments(self) -> list[dict]:
        return [
            {"kind": kind, "amount": self.cleaned_data[f"commit_{kind}"]}
            for kind in CommitmentKind.values if self.cleaned_data.get(f"commit_{kind}")
        ]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"title": d["title"], "kind": d["kind"], "parties": list(d["parties"]), "start_date": d["start_date"],
                "end_date": d["end_date"], "summary": d["summary"], "commitments": self.commitments()}


class SignForm(forms.Form):
    method = forms.ChoiceField(label=_("Signature"), choices=SignatureMethod.choices)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document kind"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, JPG, PNG, DOCX or XLSX; checked by content, at most 10 MB.")
    )


class OrderClassForm(forms.Form):
    agreement = forms.ModelChoiceField(label=_("Agreement"), queryset=Agreement.objects.none())
    program = forms.ModelChoiceField(label=_("Programme"), queryset=Program.objects.all(), required=False)
    name = forms.CharField(label=_("Name"), max_length=200)
    cohort_year = forms.IntegerField(label=_("Cohort year"), min_value=2000, max_value=2100)
    quota = forms.IntegerField(label=_("Quota"), min_value=1)
    hiring_commitment = forms.IntegerField(label=_("Hiring commitment"), min_value=0,
                                           help_text=_("Graduates the enterprise promises to hire."))
    graduation_date = forms.DateField(label=_("Graduation date"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = Agreement.objects.filter(
            kind__in=[AgreementKind.ORDER_CLASS, AgreementKind.DIRECTED],
            status__in=["draft", "under_review", "active"],
        )


class EnrollForm(forms.Form):
    # Students whose role is in force (an active membership of an active organisation), as the service checks.
    student = forms.ModelChoiceField(
        label=_("Student"),
        queryset=User.objects.filter(pk__in=Membership.objects.in_force().filter(role=Role.STUDENT).values("user_id")),
    )


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    brief = forms.CharField(label=_("Brief"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                            help_text=_("Needed before the project is published."))
    deliverables = forms.CharField(label=_("Deliverables"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    competencies = forms.ModelMultipleChoiceField(label=_("Competencies needed"), queryset=Competency.objects.all(),
                                                  required=False)
    start_date = forms.DateField(label=_("Start date"), widget=DATE, required=False)
    end_date = forms.DateField(label=_("End date"), widget=DATE, required=False)
    max_students = forms.IntegerField(label=_("Student places"), min_value=1, max_value=200, initial=6)

    def __init__(self, *args, enterprises=None, **kwargs):
        super().__init__(*args, **kwargs)
        if enterprises is not None:
            self.fields["enterprise"] = forms.ModelChoiceField(label=_("Enterprise"), queryset=enterprises)
            self.order_fields(["enterprise"])
        # an archived competency is offered to no project but stays on those that name it (core/catalogue.py)
        self.fields["competencies"].queryset = pickable(Competency.objects.all(),
                                                        keep=self.initial.get("competencies") or [])

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("The end date is before the start date."))
        return data


class JoinForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ProjectRole.choices)
    team = forms.CharField(label=_("Team"), max_length=60, required=False)


class DeliverForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(forms.Form):
    feedback = forms.CharField(label=_("Enterprise feedback"), widget=forms.Textarea(attrs={"rows": 3}))
    rating = forms.TypedChoiceField(label=_("Rating"), coerce=int, choices=[(i, str(i)) for i in range(5, 0, -1)])


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    due_date = forms.DateField(label=_("Due date"), widget=DATE)
    deliverable = forms.CharField(label=_("Deliverable"), max_length=200, required=False)


class ContactLogForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=Organization.objects.none())
    channel = forms.ChoiceField(label=_("Channel"), choices=ContactChannel.choices)
    occurred_on = forms.DateField(label=_("Date"), widget=DATE)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    participants = forms.CharField(label=_("Participants"), max_length=255, required=False)
    follow_up_on = forms.DateField(label=_("Follow up on"), widget=DATE, required=False,
                                   help_text=_("You will see it in the follow-up list until marked done."))
    is_internal = forms.BooleanField(label=_("Internal note"), required=False,
                                     help_text=_("Internal notes are not shown to the enterprise."))

    def __init__(self, *args, enterprises, show_internal: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        if not show_internal:
            del self.fields["is_internal"]
