from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.JobListView.as_view(), name="job_list"),
    path("jobs/<int:pk>/", views.JobDetailView.as_view(), name="job_detail"),
    path("jobs/<int:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
    path("jobs/<int:pk>/<str:step>/", views.JobStepView.as_view(), name="job_action"),
    path("export/", views.ExportView.as_view(), name="export"),
    path("export/selected/", views.SelectedExportView.as_view(), name="export_selected"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/template/<str:target>/", views.ImportTemplateView.as_view(), name="import_template"),
    path("kpis/", views.KpiTrendView.as_view(), name="kpi_trends"),
]
