from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from core.catalogue_views import CatalogueForm
from core.widgets import enterprise_lookup
from curriculum.models import Program

from .choices import INVESTMENT_KINDS, SourceKind
from .models import (
    Budget,
    BudgetLine,
    Equipment,
    EvaluationCriterion,
    Expenditure,
    FundingSource,
    Incentive,
    Standard,
    TrainingBase,
)

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class FundingSourceForm(forms.ModelForm):
    class Meta:
        model = FundingSource
        fields = ["kind", "title", "funder", "funder_name", "amount", "received_on", "period_start", "period_end",
                  "purpose", "restrictions", "document"]
        widgets = {"received_on": DATE, "period_start": DATE, "period_end": DATE,
                   "purpose": forms.Textarea(attrs={"rows": 3}), "restrictions": forms.Textarea(attrs={"rows": 3})}


class InvestmentForm(forms.ModelForm):
    """What an enterprise partner records: its own cash or in-kind investment."""

    kind = forms.ChoiceField(label=capfirst(_("kind")), choices=[(k.value, k.label) for k in INVESTMENT_KINDS])

    class Meta:
        model = FundingSource
        fields = ["kind", "funder", "title", "amount", "received_on", "purpose", "document"]
        widgets = {"received_on": DATE, "purpose": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, enterprise_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = Organization.objects.filter(pk__in=enterprise_ids)
        self.fields["funder"].required = True
        self.fields["funder"].label = _("enterprise")
        self.initial.setdefault("kind", SourceKind.ENTERPRISE_CASH)


class BudgetForm(forms.ModelForm):
    class Meta:
        model = Budget
        fields = ["year", "title", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["category", "name", "amount", "source"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = FundingSource.objects.filter(status="confirmed")


class ExpenditureForm(forms.ModelForm):
    override_reason = forms.CharField(
        label=capfirst(_("override reason")), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only if this payment exceeds what is left on the line: why the overspend is justified."),
    )

    class Meta:
        model = Expenditure
        fields = ["line", "spent_on", "payee", "description", "amount", "invoice", "override_reason"]
        widgets = {"spent_on": DATE}

    def __init__(self, *args, budget=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = BudgetLine.objects.filter(budget=budget)


class TrainingBaseForm(forms.ModelForm):
    class Meta:
        model = TrainingBase
        fields = ["name", "kind", "host", "agreement", "location", "capacity", "rules", "requires_approval",
                  "is_active"]
        widgets = {"rules": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = Organization.objects.enterprises().only("id", "name")
        host = self.fields["host"]
        host.widget = enterprise_lookup(attrs=host.widget.attrs, choices=host.choices)


class EquipmentForm(forms.ModelForm):
    class Meta:
        model = Equipment
        fields = ["name", "kind", "asset_no", "spec", "status"]
        widgets = {"spec": forms.Textarea(attrs={"rows": 2})}


class MaintenanceForm(forms.Form):
    performed_on = forms.DateField(label=capfirst(_("date")), widget=DATE)
    description = forms.CharField(label=capfirst(_("description")), max_length=255)
    cost = forms.DecimalField(label=capfirst(_("cost (CNY)")), min_value=0, max_digits=14, decimal_places=2, initial=0)
    performed_by = forms.CharField(label=capfirst(_("performed by")), max_length=120, required=False)
    status = forms.ChoiceField(label=capfirst(_("status afterwards")),
                               choices=Equipment._meta.get_field("status").choices)


class BookingForm(forms.Form):
    resource = forms.ChoiceField(label=capfirst(_("what to book")),
                                 help_text=_("A whole room or base, or one equipment item in it."))
    starts_at = forms.DateTimeField(label=capfirst(_("starts at")), widget=DATETIME)
    ends_at = forms.DateTimeField(label=capfirst(_("ends at")), widget=DATETIME)
    purpose = forms.CharField(label=capfirst(_("purpose")), max_length=255,
                              help_text=_("For example: rendering a graduation short film."))
    participants = forms.IntegerField(label=capfirst(_("participants")), min_value=1, initial=1)

    def __init__(self, *args, bases=None, equipment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._bases = {str(b.pk): b for b in bases}
        self._items = {str(e.pk): e for e in equipment}
        choices = [(f"e{e.pk}", f"{e.name} · {e.base.name}") for e in equipment]
        choices += [(f"b{b.pk}", _("Whole base: %(name)s") % {"name": b.name}) for b in bases]
        self.fields["resource"].choices = [("", "—")] + choices

    def target(self) -> dict:
        value = self.cleaned_data["resource"]
        if value.startswith("e"):
            return {"equipment": self._items[value[1:]]}
        return {"base": self._bases[value[1:]]}

    def chosen_resource(self):
        """The room or item picked (posted, or named by the link that opened the form): its calendar is shown."""
        value = str((self.data.get("resource") if self.is_bound else self.initial.get("resource")) or "")
        if value.startswith("e"):
            return self._items.get(value[1:])
        if value.startswith("b"):
            return self._bases.get(value[1:])
        return None

    def asked_slot(self):
        """The (start, end) the user asks for, once both are valid: the bookings in its way are marked."""
        data = getattr(self, "cleaned_data", {})
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] > data["starts_at"]:
            return data["starts_at"], data["ends_at"]
        return None


class CalendarForm(forms.Form):
    """The bookings calendar's choices (GET): a week or a month, around a day, of a room / item or of mine."""

    resource = forms.ChoiceField(label=capfirst(_("room or equipment")), required=False)
    view = forms.ChoiceField(label=capfirst(_("show")), required=False,
                             choices=[("week", _("Week")), ("month", _("Month"))])
    date = forms.DateField(label=capfirst(_("date")), required=False, widget=DATE)

    def __init__(self, *args, bases=(), equipment=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(f"b{b.pk}", _("Whole base: %(name)s") % {"name": b.name}) for b in bases]
        choices += [(f"e{e.pk}", f"{e.name} · {e.base.name}") for e in equipment]
        self.fields["resource"].choices = [("", _("My bookings"))] + choices


class IncentiveForm(forms.ModelForm):
    class Meta:
        model = Incentive
        fields = ["kind", "title", "year", "recipient_user", "recipient_org", "amount", "eligibility"]
        widgets = {"eligibility": forms.Textarea(attrs={"rows": 2})}

    # A drop-down of every student and teacher would be tens of thousands of options: the recipient is
    # typed as a username, student number or staff number instead.
    recipient_user = forms.CharField(
        label=capfirst(_("recipient")), required=False, max_length=150,
        help_text=_("For scholarships, honours and awards: username, student number or staff number."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A province has 10,000 enterprises: labels only, rendered without a template per option.
        self.fields["recipient_org"].queryset = Organization.objects.enterprises().only("id", "name")
        self.fields["recipient_org"].widget = enterprise_lookup(attrs=self.fields["recipient_org"].widget.attrs,
                                                             choices=self.fields["recipient_org"].choices)
        self.fields["recipient_org"].help_text = _("For an enterprise policy benefit.")

    def clean_recipient_user(self):
        from django.db.models import Q

        from accounts.models import User

        key = (self.cleaned_data.get("recipient_user") or "").strip()
        if not key:
            return None
        matches = list(User.objects.filter(Q(username=key) | Q(student_no=key) | Q(staff_no=key))[:2])
        if len(matches) != 1:
            raise forms.ValidationError(_("No single person has this username or number."))
        return matches[0]


class StandardForm(forms.ModelForm):
    class Meta:
        model = Standard
        fields = ["association", "kind", "code", "title", "scope"]
        widgets = {"scope": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, association_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Organization.objects.filter(kind="association")
        self.fields["association"].queryset = qs if association_ids is None else qs.filter(pk__in=association_ids)


class StandardVersionForm(forms.Form):
    version = forms.CharField(label=capfirst(_("version")), max_length=20)
    summary = forms.CharField(label=capfirst(_("summary of changes")), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    checklist = forms.CharField(label=capfirst(_("checklist items")), widget=forms.Textarea(attrs={"rows": 5}),
                                help_text=_("One requirement per line."))


class DeclareForm(forms.Form):
    program = forms.ModelChoiceField(label=capfirst(_("programme")), queryset=Program.objects.none())
    met_items = forms.MultipleChoiceField(label=capfirst(_("checklist items met")), required=False,
                                          widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=capfirst(_("note")), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, version=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.visible_to(user)
        self.fields["met_items"].choices = [(str(i), text) for i, text in enumerate(version.checklist)]


class EvaluationForm(forms.Form):
    program = forms.ModelChoiceField(label=capfirst(_("programme")), queryset=Program.objects.none())
    year = forms.IntegerField(label=capfirst(_("year")), min_value=2000, max_value=2100)
    comment = forms.CharField(label=capfirst(_("comment")), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.visible_to(user)
        self.criteria = list(EvaluationCriterion.objects.active())
        for c in self.criteria:
            self.fields[f"c{c.pk}"] = forms.DecimalField(
                label=c.name, min_value=0, max_value=100, decimal_places=2,
                help_text=_("Score 0–100, weight %(w)s. %(desc)s") % {"w": c.weight, "desc": c.description},
            )

    def scores(self) -> dict:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class EvaluationCriterionForm(CatalogueForm):
    class Meta:
        model = EvaluationCriterion
        fields = ["code", "name", "weight", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
