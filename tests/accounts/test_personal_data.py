import pytest

from accounts.models import PersonalDataReveal
from accounts.personal_data import mask_national_id, mask_phone


def test_masks():
    assert mask_national_id("11010519491231002X") == "110105********002X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("") == "" and mask_national_id("") == ""


@pytest.mark.django_db
def test_api_masks_and_records_each_reveal(api_admin, admin_user, student):
    student.phone, student.national_id = "13812345678", "11010519491231002X"
    student.save()
    body = api_admin.get(f"/api/v1/users/{student.id}/").json()
    assert body["phone_masked"] == "138****5678"
    assert "13812345678" not in str(body) and "11010519491231002X" not in str(body)
    r = api_admin.post(f"/api/v1/users/{student.id}/reveal/", {"field": "national_id", "reason": "insurance"})
    assert r.status_code == 200 and r.json()["value"] == "11010519491231002X"
    log = PersonalDataReveal.objects.get()
    assert (log.actor, log.subject, log.field) == (admin_user, student, "national_id")


@pytest.mark.django_db
def test_reveal_refused_for_others(api_teacher, student):
    assert api_teacher.post(f"/api/v1/users/{student.id}/reveal/", {"field": "phone"}).status_code == 403
    assert PersonalDataReveal.objects.count() == 0


@pytest.mark.django_db
def test_reveal_bad_field_is_400(api_admin, student):
    assert api_admin.post(f"/api/v1/users/{student.id}/reveal/", {"field": "password"}).status_code == 400
