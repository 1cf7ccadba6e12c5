"""The competency map's catalogues in the platform (issue 20): course modules, competencies, job posts,
competitions and certificates. Lists, create and edit pages, archive and restore instead of delete,
the API, who may write, bad input, and query budgets that prove the page was served."""
import pytest
from django.utils import timezone

from core.catalogue import catalogue_archive, references
from curriculum import selectors
from curriculum.forms import AchievementForm, CourseForm, CoverageForm
from curriculum.models import Certificate, Competency, Competition, CourseCompetency, CourseModule, JobPost

from .factories import (
    AchievementFactory,
    CertificateFactory,
    CompetencyFactory,
    CompetitionFactory,
    CourseFactory,
    CourseModuleFactory,
    JobPostFactory,
    cover,
    require,
)

pytestmark = pytest.mark.django_db

LISTS = {
    "/curriculum/modules/": lambda: CourseModuleFactory(),
    "/curriculum/competencies/": lambda: CompetencyFactory(),
    "/curriculum/job-posts/": lambda: require(JobPostFactory(), CompetencyFactory()),
    "/curriculum/competitions/": lambda: _linked(CompetitionFactory()),
    "/curriculum/certificates/": lambda: _linked(CertificateFactory()),
}


def _linked(entry):
    entry.competencies.add(CompetencyFactory())
    entry.courses.add(CourseFactory())
    return entry


def _msgs(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- list pages ----------------------------------------------------------------------------------

@pytest.mark.parametrize("url", LISTS)
def test_list_pages_keep_their_query_count_as_rows_grow(web, admin_user, url, django_assert_max_num_queries):
    web.login_as(admin_user)
    for _ in range(3):
        LISTS[url]()
    with django_assert_max_num_queries(40) as first:
        response = web.get(url)
    assert response.status_code == 200 and len(response.context["rows"]) == 3
    for _ in range(20):
        LISTS[url]()
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = web.get(url)
    assert response.status_code == 200 and len(response.context["rows"]) == 23


def test_the_list_leaves_archived_entries_out_until_asked(web, teacher):
    kept, gone = CompetencyFactory(name="剧本创作"), CompetencyFactory(name="胶片冲印")
    catalogue_archive(obj=gone, by=None)
    web.login_as(teacher)
    shown = lambda r: {row["obj"].pk for row in r.context["rows"]}  # noqa: E731
    assert shown(web.get("/curriculum/competencies/")) == {kept.pk}
    assert shown(web.get("/curriculum/competencies/?archived=true")) == {gone.pk}
    assert shown(web.get("/curriculum/competencies/?archived=")) == {kept.pk, gone.pk}  # "All"
    assert shown(web.get("/curriculum/competencies/?q=剧本")) == {kept.pk}
    assert web.get("/curriculum/competencies/?archived=maybe").status_code == 200  # a bad filter shows the form


def test_search_and_sort_of_a_list(web, student):
    CompetitionFactory(name="B 大赛", organizer="教育部")
    CompetitionFactory(name="A 大赛", organizer="省教育厅")
    web.login_as(student)
    rows = web.get("/curriculum/competitions/?ordering=-name").context["rows"]
    assert [r["obj"].name for r in rows] == ["B 大赛", "A 大赛"]
    rows = web.get("/curriculum/competitions/?q=省教育厅").context["rows"]
    assert [r["obj"].name for r in rows] == ["A 大赛"]


def test_readers_see_the_list_without_write_controls(web, teacher, admin_user):
    CourseModuleFactory()
    web.login_as(teacher)
    response = web.get("/curriculum/modules/")
    assert response.status_code == 200 and not response.context["can_create"]
    assert not any(row["can_edit"] or row["steps"] for row in response.context["rows"])
    assert "/curriculum/modules/new/" not in response.content.decode()
    web.login_as(admin_user)
    response = web.get("/curriculum/modules/")
    assert response.context["can_create"] and all(row["can_edit"] for row in response.context["rows"])
    assert [s.name for s in response.context["rows"][0]["steps"]] == ["archive"]
    page = response.content.decode()
    module = response.context["rows"][0]["obj"]
    assert f'href="/curriculum/modules/{module.pk}/edit/"' in page
    assert f'action="/curriculum/modules/{module.pk}/archive/"' in page
    edit = web.get(f"/curriculum/modules/{module.pk}/edit/").content.decode()
    assert f'action="/curriculum/modules/{module.pk}/delete/"' in edit  # the edit page offers archive and delete
    assert f'action="/curriculum/modules/{module.pk}/archive/"' in edit


# --- create and edit pages -----------------------------------------------------------------------

def test_admin_creates_and_edits_a_competency(web, admin_user):
    web.login_as(admin_user)
    response = web.post("/curriculum/competencies/new/",
                        {"code": "TEC-NEW", "name": "AI 配音", "category": "technology"})
    assert response.status_code == 302 and response.url == "/curriculum/competencies/"
    comp = Competency.objects.get(code="TEC-NEW")
    response = web.post(f"/curriculum/competencies/{comp.pk}/edit/",
                        {"code": "TEC-NEW", "name": "AI 配音与音效", "category": "technology"})
    assert response.status_code == 302
    comp.refresh_from_db()
    assert comp.name == "AI 配音与音效"


def test_a_duplicate_code_is_a_form_error_on_the_field(web, admin_user):
    CompetencyFactory(code="ART-1")
    web.login_as(admin_user)
    response = web.post("/curriculum/competencies/new/", {"code": "ART-1", "name": "重复", "category": "art"})
    assert response.status_code == 400 and "code" in response.context["form"].errors
    assert Competency.objects.filter(code="ART-1").count() == 1


def test_a_duplicate_competition_name_is_a_form_error_on_the_field(web, admin_user):
    CompetitionFactory(name="全国技能大赛")
    web.login_as(admin_user)
    response = web.post("/curriculum/competitions/new/", {"name": "全国技能大赛", "level": "national"})
    assert response.status_code == 400 and "name" in response.context["form"].errors


def test_competition_links_are_saved_with_the_entry(web, admin_user):
    comp, course = CompetencyFactory(), CourseFactory()
    web.login_as(admin_user)
    response = web.post("/curriculum/certificates/new/", {"name": "1+X 证书", "issuer": "教育部", "level": "junior",
                                                          "competencies": [comp.pk], "courses": [course.pk]})
    assert response.status_code == 302
    cert = Certificate.objects.get(name="1+X 证书")
    assert list(cert.competencies.all()) == [comp] and list(cert.courses.all()) == [course]


def test_readers_cannot_open_the_forms(web, teacher, student):
    module = CourseModuleFactory()
    for user in (teacher, student):
        web.login_as(user)
        assert web.get("/curriculum/modules/new/").status_code == 403
        assert web.get(f"/curriculum/modules/{module.pk}/edit/").status_code == 403
        assert web.post(f"/curriculum/modules/{module.pk}/edit/", {"name": "改名", "kind": "technology"}
                        ).status_code == 403
    module.refresh_from_db()
    assert module.name != "改名"


def test_an_unknown_entry_is_404(web, admin_user):
    web.login_as(admin_user)
    assert web.get("/curriculum/competitions/999999/edit/").status_code == 404


def test_the_job_post_form_sets_its_requirements(web, admin_user):
    a, b = CompetencyFactory(), CompetencyFactory()
    web.login_as(admin_user)
    response = web.post("/curriculum/job-posts/new/", {"title": "AI 分镜师", "is_current": "on",
                                                       f"req_{a.pk}": "3", f"req_{b.pk}": ""})
    assert response.status_code == 302
    post = JobPost.objects.get(title="AI 分镜师")
    assert list(post.requirements.values_list("competency_id", "level")) == [(a.pk, 3)]
    response = web.post(f"/curriculum/job-posts/{post.pk}/edit/", {"title": "AI 分镜师", f"req_{b.pk}": "2"})
    assert response.status_code == 302
    assert list(post.requirements.values_list("competency_id", "level")) == [(b.pk, 2)]


def test_an_enterprise_keeps_its_own_job_posts_only(web, enterprise_user, enterprise_org, other_enterprise_org):
    theirs = JobPostFactory(enterprise=other_enterprise_org)
    industry = JobPostFactory(enterprise=None)
    web.login_as(enterprise_user)
    form = web.get("/curriculum/job-posts/new/").context["form"]
    assert list(form.fields["enterprise"].queryset) == [enterprise_org]
    response = web.post("/curriculum/job-posts/new/",
                        {"title": "虚拟拍摄技术员", "enterprise": other_enterprise_org.pk})
    assert response.status_code == 400 and "enterprise" in response.context["form"].errors
    response = web.post("/curriculum/job-posts/new/", {"title": "虚拟拍摄技术员", "enterprise": enterprise_org.pk})
    assert response.status_code == 302
    mine = JobPost.objects.get(title="虚拟拍摄技术员")
    assert mine.enterprise == enterprise_org
    assert web.get(f"/curriculum/job-posts/{mine.pk}/edit/").status_code == 200
    assert web.get(f"/curriculum/job-posts/{theirs.pk}/edit/").status_code == 403
    assert web.get(f"/curriculum/job-posts/{industry.pk}/edit/").status_code == 403
    assert web.post(f"/curriculum/job-posts/{theirs.pk}/archive/").status_code == 403


# --- archive, restore, delete (pages) ------------------------------------------------------------

def test_archive_and_restore_from_the_page(web, admin_user):
    comp = CompetitionFactory()
    web.login_as(admin_user)
    response = web.post(f"/curriculum/competitions/{comp.pk}/archive/", follow=True)
    comp.refresh_from_db()
    assert response.status_code == 200 and comp.is_archived and _msgs(response)
    response = web.post(f"/curriculum/competitions/{comp.pk}/archive/", follow=True)  # twice: a message, no 500
    assert response.status_code == 200 and _msgs(response)
    response = web.post(f"/curriculum/competitions/{comp.pk}/restore/")
    comp.refresh_from_db()
    assert response.status_code == 302 and not comp.is_archived


def test_the_page_deletes_only_what_nothing_names(web, admin_user):
    used, unused = CompetencyFactory(), CompetencyFactory()
    cover(CourseFactory(), used)
    web.login_as(admin_user)
    response = web.post(f"/curriculum/competencies/{used.pk}/delete/", follow=True)
    assert response.status_code == 200 and any("archive" in m or "归档" in m for m in _msgs(response))
    assert Competency.objects.filter(pk=used.pk).exists() and CourseCompetency.objects.filter(competency=used).exists()
    assert web.post(f"/curriculum/competencies/{unused.pk}/delete/").status_code == 302
    assert not Competency.objects.filter(pk=unused.pk).exists()


def test_readers_cannot_archive_or_delete(web, teacher):
    comp = CompetencyFactory()
    web.login_as(teacher)
    assert web.post(f"/curriculum/competencies/{comp.pk}/archive/").status_code == 403
    assert web.post(f"/curriculum/competencies/{comp.pk}/delete/").status_code == 403
    comp.refresh_from_db()
    assert not comp.is_archived


# --- archived entries: kept where named, offered nowhere new -------------------------------------

def test_archived_entries_leave_the_pickers_but_stay_where_named(admin_user):
    module, other = CourseModuleFactory(), CourseModuleFactory()
    course = CourseFactory(module=module)
    catalogue_archive(obj=module, by=admin_user)
    assert module not in CourseForm().fields["module"].queryset
    assert module in CourseForm(instance=course).fields["module"].queryset  # the course keeps it
    assert other in CourseForm().fields["module"].queryset
    comp = CompetencyFactory()
    catalogue_archive(obj=comp, by=admin_user)
    assert comp not in CoverageForm().fields["competency"].queryset
    competition = CompetitionFactory()
    achievement = AchievementFactory(competition=competition, student=admin_user)
    catalogue_archive(obj=competition, by=admin_user)
    assert competition not in AchievementForm().fields["competition"].queryset
    assert competition in AchievementForm(instance=achievement).fields["competition"].queryset
    course.refresh_from_db()
    assert course.module == module  # archiving changed nothing that names it


def test_the_api_refuses_a_newly_chosen_archived_entry_with_the_field(api_admin, admin_user):
    module = CourseModuleFactory()
    course = CourseFactory(module=module)
    catalogue_archive(obj=module, by=admin_user)
    response = api_admin.post("/api/v1/courses/", {"code": "NEW101", "name": "新课", "module": module.pk},
                              format="json")
    assert response.status_code == 400 and "module" in response.json()["errors"]
    # the course that names it keeps it through a full update
    response = api_admin.put(f"/api/v1/courses/{course.pk}/",
                             {"code": course.code, "name": "改名", "module": module.pk}, format="json")
    assert response.status_code == 200, response.content
    comp = CompetencyFactory()
    catalogue_archive(obj=comp, by=admin_user)
    response = api_admin.post(f"/api/v1/courses/{course.pk}/coverage/", {"competency": comp.pk, "level": 2},
                              format="json")
    assert response.status_code == 400 and "competency" in response.json()["errors"]
    response = api_admin.post("/api/v1/competitions/", {"name": "新赛", "competencies": [comp.pk]}, format="json")
    assert response.status_code == 400 and "competencies" in response.json()["errors"]


def test_an_archived_job_post_is_no_demand(admin_user):
    comp = CompetencyFactory()
    post = JobPostFactory(is_current=True)
    require(post, comp)
    row = selectors.competency_map(user=admin_user).get(pk=comp.pk)
    assert row.n_job_posts == 1
    catalogue_archive(obj=post, by=admin_user)
    assert selectors.competency_map(user=admin_user).get(pk=comp.pk).n_job_posts == 0


def test_references_name_what_uses_an_entry_but_not_its_own_parts():
    comp = CompetencyFactory()
    post = JobPostFactory()
    require(post, comp)
    assert references(post, parts=post.catalogue_parts) == []  # its requirements go with it
    assert references(comp)  # the post's requirement names the competency


# --- the API -------------------------------------------------------------------------------------

def test_api_archive_and_restore_are_steps(api_admin, api_teacher):
    comp = CompetencyFactory()
    response = api_admin.post(f"/api/v1/competencies/{comp.pk}/archive/")
    assert response.status_code == 200 and response.json()["archived_at"]
    assert api_admin.post(f"/api/v1/competencies/{comp.pk}/archive/").json()["code"] == "transition_not_allowed"
    assert api_admin.get("/api/v1/competencies/?archived=true").json()["count"] == 1
    assert api_admin.get("/api/v1/competencies/?archived=false").json()["count"] == 0
    assert api_admin.get("/api/v1/competencies/").json()["count"] == 1  # the API lists every row it details
    assert api_teacher.post(f"/api/v1/competencies/{comp.pk}/restore/").status_code == 403
    response = api_admin.post(f"/api/v1/competencies/{comp.pk}/restore/")
    assert response.status_code == 200 and response.json()["archived_at"] is None
    assert api_admin.post(f"/api/v1/competencies/{comp.pk}/restore/").status_code == 409


def test_api_delete_refuses_an_entry_in_use_with_409(api_admin, student):
    module = CourseModuleFactory()
    CourseFactory(module=module)
    response = api_admin.delete(f"/api/v1/course-modules/{module.pk}/")
    assert response.status_code == 409 and response.json()["code"] == "in_use" and response.json()["detail"]
    assert CourseModule.objects.filter(pk=module.pk).exists()
    competition = CompetitionFactory()
    AchievementFactory(competition=competition, student=student)
    assert api_admin.delete(f"/api/v1/competitions/{competition.pk}/").status_code == 409
    unused = CertificateFactory()
    assert api_admin.delete(f"/api/v1/certificates/{unused.pk}/").status_code == 204


def test_api_duplicate_codes_and_names_are_400_with_the_field(api_admin):
    CompetencyFactory(code="TEC-X")
    response = api_admin.post("/api/v1/competencies/", {"code": "TEC-X", "name": "重复", "category": "technology"},
                              format="json")
    assert response.status_code == 400 and "code" in response.json()["errors"]
    CertificateFactory(name="1+X")
    response = api_admin.post("/api/v1/certificates/", {"name": "1+X"}, format="json")
    assert response.status_code == 400 and "name" in response.json()["errors"]
    assert Competency.objects.filter(code="TEC-X").count() == 1 and Certificate.objects.filter(name="1+X").count() == 1


def test_api_job_posts_of_an_enterprise(api_enterprise, api_other_enterprise, enterprise_org, other_enterprise_org):
    response = api_enterprise.post("/api/v1/job-posts/", {"title": "数字人运营", "enterprise": enterprise_org.pk},
                                   format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert api_enterprise.post("/api/v1/job-posts/", {"title": "x", "enterprise": other_enterprise_org.pk},
                               format="json").status_code == 403
    response = api_enterprise.post("/api/v1/job-posts/", {"title": "全行业岗位"}, format="json")
    assert response.status_code == 400 and "enterprise" in response.json()["errors"]
    assert api_enterprise.patch(f"/api/v1/job-posts/{pk}/", {"enterprise": None}, format="json").status_code == 400
    assert api_other_enterprise.patch(f"/api/v1/job-posts/{pk}/", {"title": "改"}, format="json").status_code == 403
    assert api_other_enterprise.post(f"/api/v1/job-posts/{pk}/archive/").status_code == 403
    assert api_enterprise.post(f"/api/v1/job-posts/{pk}/archive/").status_code == 200
    assert JobPost.objects.get(pk=pk).archived_at <= timezone.now()


def test_api_lists_keep_their_query_count(api_student, django_assert_max_num_queries):
    for _ in range(3):
        _linked(CompetitionFactory())
    with django_assert_max_num_queries(20) as first:
        assert api_student.get("/api/v1/competitions/").status_code == 200
    for _ in range(20):
        _linked(CompetitionFactory())
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert api_student.get("/api/v1/competitions/").status_code == 200
    assert Competition.objects.count() == 23


def test_the_partners_pickers_leave_archived_competencies_out(api_enterprise, enterprise_org, admin_user):
    """Postings and industry projects name competencies too: an archived one is chosen for neither."""
    from internships.forms import PostingForm
    from partnerships.forms import ProjectForm

    from .factories import posting

    kept, gone = CompetencyFactory(), CompetencyFactory()
    named = posting(enterprise_org, status="draft", competencies=[gone])
    catalogue_archive(obj=gone, by=admin_user)
    assert list(ProjectForm().fields["competencies"].queryset) == [kept]
    assert gone in ProjectForm(initial={"competencies": [gone.pk]}).fields["competencies"].queryset
    assert gone not in PostingForm().fields["competencies"].queryset
    assert gone in PostingForm(instance=named).fields["competencies"].queryset
    response = api_enterprise.post("/api/v1/industry-projects/", {"title": "AIGC 宣传片", "competencies": [gone.pk]},
                                   format="json")
    assert response.status_code == 400 and "competencies" in response.json()["errors"]
