from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    path("enterprises/", views.EnterpriseListView.as_view(), name="enterprise_list"),
    path("enterprises/new/", views.EnterpriseCreateView.as_view(), name="enterprise_create"),
    path("enterprises/<int:pk>/", views.EnterpriseDetailView.as_view(), name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", views.EnterpriseEditView.as_view(), name="enterprise_edit"),
    path("my-enterprise/", views.MyEnterpriseView.as_view(), name="my_enterprise"),
    path("agreements/", views.AgreementListView.as_view(), name="agreement_list"),
    path("agreements/new/", views.AgreementCreateView.as_view(), name="agreement_create"),
    path("agreements/<int:pk>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
    path("agreements/<int:pk>/edit/", views.AgreementEditView.as_view(), name="agreement_edit"),
    path("agreements/<int:pk>/documents/", views.AgreementDocumentView.as_view(), name="agreement_document_upload"),
    path("agreements/<int:pk>/documents/<int:doc_id>/", views.AgreementDocumentView.as_view(),
         name="agreement_document"),
    # Deleting a draft is not a workflow step; its path is the one the step route used to take for it.
    path("agreements/<int:pk>/delete/", views.AgreementDeleteView.as_view(), name="agreement_delete"),
    path("agreements/<int:pk>/<str:step>/", views.AgreementStepView.as_view(), name="agreement_action"),
    path("order-classes/", views.OrderClassListView.as_view(), name="orderclass_list"),
    path("order-classes/new/", views.OrderClassCreateView.as_view(), name="orderclass_create"),
    path("order-classes/<int:pk>/", views.OrderClassDetailView.as_view(), name="orderclass_detail"),
    path("order-classes/<int:pk>/<str:step>/", views.OrderClassStepView.as_view(), name="orderclass_action"),
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/new/", views.ProjectCreateView.as_view(), name="project_create"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("projects/<int:pk>/edit/", views.ProjectEditView.as_view(), name="project_edit"),
    # Completing a milestone acts on the milestone named in the form, not on the project's step table.
    path("projects/<int:pk>/complete/", views.MilestoneCompleteView.as_view(), name="project_milestone_complete"),
    path("projects/<int:pk>/<str:step>/", views.ProjectStepView.as_view(), name="project_action"),
    path("contacts/", views.ContactListView.as_view(), name="contact_list"),
    path("contacts/new/", views.ContactCreateView.as_view(), name="contact_create"),
    path("contacts/<int:pk>/follow-up-done/", views.ContactStepView.as_view(), {"step": "complete_follow_up"},
         name="contact_follow_up"),
]
