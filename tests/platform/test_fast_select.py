"""FastSelect renders the same drop-down as Django's Select, without a template render per option."""
import re

import pytest
from django import forms

from accounts.models import Organization
from core.widgets import FastSelect


def options(html: str) -> list[tuple[str, bool, str]]:
    return [(value, bool(sel), label) for value, sel, label in
            re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html)]


CHOICES = [("", "---------"), ("1", "星河影视 <Studio> & Co"), ("2", "光影动画"), ("3", "幻境特效")]


@pytest.mark.parametrize("value", [None, "2", 3, "missing"])
def test_same_options_and_selection_as_django(value):
    ours = FastSelect(choices=CHOICES).render("enterprise", value, attrs={"id": "id_enterprise"})
    django_html = forms.Select(choices=CHOICES).render("enterprise", value, attrs={"id": "id_enterprise"})
    assert options(ours) == options(django_html)
    assert ours.startswith('<select name="enterprise" id="id_enterprise">') or \
        ours.startswith('<select id="id_enterprise" name="enterprise">')
    assert "&lt;Studio&gt; &amp; Co" in ours  # labels are escaped


def test_grouped_choices_fall_back_to_django():
    grouped = [("影视", [("1", "星河影视")]), ("动画", [("2", "光影动画")])]
    html = FastSelect(choices=grouped).render("enterprise", "2")
    assert '<optgroup label="动画">' in html and options(html) == [("1", False, "星河影视"), ("2", True, "光影动画")]


@pytest.mark.django_db
def test_model_choices_in_a_form(enterprise_org, other_enterprise_org):
    class Form(forms.Form):
        enterprise = forms.ModelChoiceField(queryset=Organization.objects.enterprises().only("id", "name"),
                                            widget=FastSelect)

    form = Form(data={"enterprise": str(other_enterprise_org.pk)})
    assert form.is_valid() and form.cleaned_data["enterprise"] == other_enterprise_org
    html = str(form["enterprise"])
    assert (str(other_enterprise_org.pk), True, other_enterprise_org.name) in options(html)
    assert (str(enterprise_org.pk), False, enterprise_org.name) in options(html)
    assert " required" in html
