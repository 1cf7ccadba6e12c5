import datetime as dt
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from core.models import StatusChange
from partnerships import services
from partnerships.choices import AgreementStatus
from partnerships.models import Agreement

TODAY = dt.date.today()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url(a=None, action=""):
    base = "/api/v1/agreements/"
    if a is None:
        return base
    return f"{base}{a.pk}/{action + '/' if action else ''}"


@pytest.mark.django_db
class TestCreate:
    def payload(self, enterprise_org, **kw):
        data = {
            "title": "订单班合作协议", "kind": "order_class", "parties": [enterprise_org.pk],
            "start_date": str(TODAY), "end_date": str(TODAY + dt.timedelta(days=1095)),
            "commitments": [{"kind": "interns_hosted", "amount": "10"}, {"kind": "investment_cny", "amount": "50000"}],
        }
        data.update(kw)
        return data

    def test_admin_creates_with_commitments_and_generated_code(self, api_admin, college, enterprise_org):
        r = api_admin.post(url(), self.payload(enterprise_org), format="json")
        assert r.status_code == 201, r.json()
        body = r.json()
        assert body["status"] == "draft" and body["code"].startswith(f"HZ-{TODAY.year}-")
        assert {c["kind"] for c in body["commitments"]} == {"interns_hosted", "investment_cny"}
        a = Agreement.objects.get(pk=body["id"])
        assert a.college == college and a.history.count() >= 1

    @pytest.mark.parametrize("change,field", [
        ({"end_date": str(TODAY - dt.timedelta(days=1))}, "end_date"),
        ({"parties": []}, "parties"),
        ({"kind": "nope"}, "kind"),
        ({"start_date": "not-a-date"}, "start_date"),
        ({"commitments": [{"kind": "interns_hosted", "amount": "-1"}]}, "commitments"),
        ({"commitments": [{"kind": "bogus", "amount": "1"}]}, "commitments"),
    ])
    def test_bad_input_is_400(self, api_admin, college, enterprise_org, change, field):
        r = api_admin.post(url(), self.payload(enterprise_org, **change), format="json")
        assert r.status_code == 400, r.content
        assert field in r.json()["errors"]

    def test_college_cannot_be_a_party(self, api_admin, college, enterprise_org):
        r = api_admin.post(url(), self.payload(enterprise_org, parties=[college.pk]), format="json")
        assert r.status_code == 400

    @pytest.mark.parametrize("client", ["api_teacher", "api_enterprise", "api_student", "api_association"])
    def test_others_cannot_create(self, request, client, college, enterprise_org):
        r = request.getfixturevalue(client).post(url(), self.payload(enterprise_org), format="json")
        assert r.status_code == 403

    def test_anonymous_is_401(self, api_anon):
        assert api_anon.get(url()).status_code in (401, 403)


@pytest.mark.django_db
class TestScope:
    def test_enterprise_sees_own_not_competitors(self, make_agreement, api_enterprise, other_enterprise_org):
        mine = make_agreement()
        theirs = make_agreement(parties=[other_enterprise_org])
        ids = {a["id"] for a in api_enterprise.get(url()).json()["results"]}
        assert mine.pk in ids and theirs.pk not in ids
        assert api_enterprise.get(url(theirs)).status_code == 404
        assert api_enterprise.post(url(theirs, "submit")).status_code == 404

    def test_enterprise_party_may_read_but_not_act(self, make_agreement, api_enterprise):
        a = make_agreement()
        assert api_enterprise.get(url(a)).status_code == 200
        assert api_enterprise.post(url(a, "submit")).status_code == 403
        assert api_enterprise.patch(url(a), {"title": "x"}, format="json").status_code == 403

    def test_teacher_sees_only_active(self, make_agreement, api_teacher):
        draft = make_agreement()
        active = make_agreement(status="active")
        ids = {a["id"] for a in api_teacher.get(url()).json()["results"]}
        assert active.pk in ids and draft.pk not in ids
        assert api_teacher.post(url(active, "terminate"), {"reason": "x"}).status_code == 403

    def test_student_sees_none(self, make_agreement, api_student):
        a = make_agreement(status="active")
        assert api_student.get(url()).json()["count"] == 0
        assert api_student.get(url(a)).status_code == 404

    def test_multi_party_agreement_listed_once(self, make_agreement, api_enterprise, enterprise_org,
                                               other_enterprise_org, enterprise_user):
        from accounts.choices import Role
        from tests.accounts.factories import MembershipFactory

        MembershipFactory(user=enterprise_user, organization=other_enterprise_org, role=Role.ENTERPRISE)
        a = make_agreement(parties=[enterprise_org, other_enterprise_org])
        rows = [r["id"] for r in api_enterprise.get(url()).json()["results"]]
        assert rows.count(a.pk) == 1


@pytest.mark.django_db
class TestLifecycle:
    def test_full_journey_records_every_transition(self, make_agreement, api_admin, admin_user):
        a = make_agreement()
        assert api_admin.post(url(a, "submit")).status_code == 200
        assert api_admin.post(url(a, "sign"), {"method": "electronic"}).status_code == 200
        r = api_admin.post(url(a, "approve"))
        assert r.status_code == 200 and r.json()["status"] == "active"
        hist = api_admin.get(url(a, "transitions")).json()
        assert [h["to_status"] for h in hist][:3] == ["active", "electronic", "under_review"]
        assert all(h["by"] == str(admin_user) for h in hist)
        assert StatusChange.objects.filter(object_id=a.pk, to_status="active", by=admin_user).exists()

    @pytest.mark.parametrize("status,action,data", [
        ("draft", "approve", {}),
        ("draft", "terminate", {"reason": "x"}),
        ("draft", "expire", {}),
        ("draft", "amend", {}),
        ("draft", "renew", {}),
        ("draft", "return", {}),
        ("under_review", "submit", {}),
        ("under_review", "terminate", {"reason": "x"}),
        ("active", "submit", {}),
        ("active", "approve", {}),
        ("active", "sign", {"method": "paper"}),
        ("active", "return", {}),
    ])
    def test_refused_transitions_are_409(self, make_agreement, api_admin, status, action, data):
        a = make_agreement(status=status)
        r = api_admin.post(url(a, action), data)
        assert r.status_code == 409, r.content
        assert set(r.json()) == {"detail", "code"}
        a.refresh_from_db()
        assert a.status == status

    def test_return_to_draft(self, make_agreement, api_admin):
        a = make_agreement(status="under_review")
        assert api_admin.post(url(a, "return"), {"note": "请补充承诺"}).json()["status"] == "draft"

    def test_approve_needs_signature(self, make_agreement, api_admin):
        a = make_agreement(status="under_review")
        r = api_admin.post(url(a, "approve"))
        assert r.status_code == 409 and r.json()["code"] == "unsigned"

    def test_paper_signed_needs_scan(self, make_agreement, api_admin):
        a = make_agreement(status="under_review")
        api_admin.post(url(a, "sign"), {"method": "paper", "signed_on": str(TODAY)})
        r = api_admin.post(url(a, "approve"))
        assert r.status_code == 409 and r.json()["code"] == "scan_missing"
        up = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
        assert api_admin.post(url(a, "documents"), {"kind": "signed_scan", "file": up}, format="multipart") \
            .status_code == 201
        assert api_admin.post(url(a, "approve")).status_code == 200

    def test_sign_in_future_is_400(self, make_agreement, api_admin):
        a = make_agreement(status="under_review")
        r = api_admin.post(url(a, "sign"), {"method": "paper", "signed_on": str(TODAY + dt.timedelta(days=3))})
        assert r.status_code == 400 and "signed_on" in r.json()["errors"]

    def test_submit_without_parties_refused(self, api_admin, admin_user, make_agreement):
        a = make_agreement()
        a.parties.clear()
        r = api_admin.post(url(a, "submit"))
        assert r.status_code == 409 and r.json()["code"] == "no_parties"

    def test_terminate_needs_reason_then_works(self, make_agreement, api_admin):
        a = make_agreement(status="active")
        assert api_admin.post(url(a, "terminate"), {}).status_code == 400
        r = api_admin.post(url(a, "terminate"), {"reason": "企业业务调整"})
        assert r.status_code == 200 and r.json()["status"] == "terminated"
        assert r.json()["termination_reason"] == "企业业务调整"

    def test_expire_only_after_end_date(self, make_agreement, api_admin):
        a = make_agreement(status="active")
        r = api_admin.post(url(a, "expire"))
        assert r.status_code == 409 and r.json()["code"] == "not_ended"
        Agreement.objects.filter(pk=a.pk).update(start_date=TODAY - dt.timedelta(days=400),
                                                 end_date=TODAY - dt.timedelta(days=1))
        assert api_admin.post(url(a, "expire")).json()["status"] == "expired"

    def test_expire_due_task_is_idempotent(self, make_agreement):
        from partnerships.tasks import expire_due_agreements

        a = make_agreement(status="active")
        Agreement.objects.filter(pk=a.pk).update(start_date=TODAY - dt.timedelta(days=400),
                                                 end_date=TODAY - dt.timedelta(days=1))
        assert expire_due_agreements() == 1
        assert expire_due_agreements() == 0
        a.refresh_from_db()
        assert a.status == AgreementStatus.EXPIRED

    def test_only_draft_is_editable(self, make_agreement, api_admin):
        a = make_agreement(status="active")
        r = api_admin.patch(url(a), {"title": "改名"}, format="json")
        assert r.status_code == 409
        d = make_agreement()
        assert api_admin.patch(url(d), {"title": "改名"}, format="json").json()["title"] == "改名"

    def test_delete_only_draft(self, make_agreement, api_admin):
        a = make_agreement(status="active")
        assert api_admin.delete(url(a)).status_code == 409
        d = make_agreement()
        assert api_admin.delete(url(d)).status_code == 204


@pytest.mark.django_db
class TestAmendRenew:
    def test_amendment_supersedes_on_approval(self, make_agreement, api_admin):
        a = make_agreement(status="active", commitments=[{"kind": "interns_hosted", "amount": 5}])
        r = api_admin.post(url(a, "amend"))
        assert r.status_code == 201
        new = Agreement.objects.get(pk=r.json()["id"])
        assert new.previous == a and new.relation == "amendment" and new.version == 2
        assert list(new.parties.all()) == list(a.parties.all())
        assert new.commitments.get().amount == 5
        api_admin.post(url(new, "submit"))
        api_admin.post(url(new, "sign"), {"method": "electronic"})
        assert api_admin.post(url(new, "approve")).status_code == 200
        a.refresh_from_db()
        assert a.status == AgreementStatus.SUPERSEDED

    def test_second_pending_amendment_refused(self, make_agreement, api_admin):
        a = make_agreement(status="active")
        assert api_admin.post(url(a, "amend")).status_code == 201
        r = api_admin.post(url(a, "amend"))
        assert r.status_code == 409 and r.json()["code"] == "pending_successor"

    def test_renewal_starts_after_end(self, make_agreement, api_admin):
        a = make_agreement(status="active")
        r = api_admin.post(url(a, "renew"))
        assert r.status_code == 201
        body = r.json()
        assert body["relation"] == "renewal" and body["previous"] == a.pk
        assert body["start_date"] == str(a.end_date + dt.timedelta(days=1))
        a.refresh_from_db()
        assert a.status == AgreementStatus.ACTIVE


@pytest.mark.django_db
class TestDocuments:
    def test_upload_and_download_by_party(self, make_agreement, api_admin, api_enterprise, api_other_enterprise):
        a = make_agreement()
        up = SimpleUploadedFile("协议.pdf", PDF, content_type="application/pdf")
        r = api_admin.post(url(a, "documents"), {"kind": "draft", "title": "协议文本", "file": up}, format="multipart")
        assert r.status_code == 201
        doc_id = r.json()["id"]
        dl = api_enterprise.get(f"{url(a)}documents/{doc_id}/download/")
        assert dl.status_code == 200 and b"".join(dl.streaming_content).startswith(b"%PDF")
        assert api_other_enterprise.get(f"{url(a)}documents/{doc_id}/download/").status_code == 404
        assert api_enterprise.post(url(a, "documents"), {"kind": "draft", "file": up}, format="multipart") \
            .status_code == 403

    def test_refuses_disguised_file(self, make_agreement, api_admin):
        a = make_agreement()
        fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 this is an executable", content_type="application/pdf")
        r = api_admin.post(url(a, "documents"), {"kind": "signed_scan", "file": fake}, format="multipart")
        assert r.status_code == 400 and "file" in r.json()["errors"]

    def test_refuses_oversized_file(self, make_agreement, api_admin, settings):
        settings.UPLOAD_MAX_BYTES = 1024
        a = make_agreement()
        big = SimpleUploadedFile("big.pdf", PDF + b"0" * 4096, content_type="application/pdf")
        r = api_admin.post(url(a, "documents"), {"kind": "annex", "file": big}, format="multipart")
        assert r.status_code == 400 and "file" in r.json()["errors"]


@pytest.mark.django_db
def test_list_query_count_constant(make_agreement, api_admin, django_assert_max_num_queries, enterprise_org,
                                   other_enterprise_org):
    for _ in range(3):
        make_agreement(parties=[enterprise_org, other_enterprise_org], commitments=[{"kind": "projects", "amount": 1}])
    with django_assert_max_num_queries(8) as ctx:
        assert api_admin.get(url()).status_code == 200
    first = len(ctx.captured_queries)
    for _ in range(20):
        make_agreement(parties=[enterprise_org], commitments=[{"kind": "projects", "amount": 1}])
    with django_assert_max_num_queries(first):
        r = api_admin.get(url() + "?page_size=200")
    assert r.status_code == 200 and r.json()["count"] == 23


@pytest.mark.django_db(transaction=True)
def test_parallel_amend_creates_one(make_agreement, admin_user):
    a = make_agreement(status="active")
    results: list[str] = []
    barrier = threading.Barrier(4)

    def worker():
        try:
            barrier.wait()
            services.agreement_amend(agreement=Agreement.objects.get(pk=a.pk), by=admin_user)
            results.append("ok")
        except Exception as exc:  # noqa: BLE001 - the losers must fail with a domain error
            results.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1
    assert set(results) - {"ok"} == {"Overlap"}
    assert Agreement.objects.filter(previous=a).count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_approve_records_once(make_agreement, admin_user):
    a = make_agreement(status="under_review")
    services.agreement_sign(agreement=a, by=admin_user, method="electronic")
    results: list[str] = []
    barrier = threading.Barrier(3)

    def worker():
        try:
            barrier.wait()
            services.agreement_approve(agreement=Agreement.objects.get(pk=a.pk), by=admin_user)
            results.append("ok")
        except Exception as exc:  # noqa: BLE001
            results.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["TransitionNotAllowed", "TransitionNotAllowed", "ok"]
    assert StatusChange.objects.filter(object_id=a.pk, to_status="active").count() == 1


