from django.urls import path

from . import catalogue_views, views

app_name = "funding"

# Workflow steps (funding/steps.py) are posted to "<row>/<step>/"; the older one-step names
# (source_confirm, expenditure_void, evaluation_submit...) stay as fixed routes to the same views.
urlpatterns = [
    path("", views.SourceListView.as_view(), name="source_list"),
    path("sources/new/", views.SourceCreateView.as_view(), name="source_create"),
    path("sources/<int:pk>/document/", views.SourceDocumentView.as_view(), name="source_document"),
    path("sources/<int:pk>/confirm/", views.SourceStepView.as_view(), {"step": "confirm"}, name="source_confirm"),
    path("sources/<int:pk>/reject/", views.SourceStepView.as_view(), {"step": "reject"}, name="source_reject"),
    path("sources/<int:pk>/<str:step>/", views.SourceStepView.as_view(), name="source_action"),
    path("investment/", views.InvestmentView.as_view(), name="investment"),
    path("budgets/", views.BudgetListView.as_view(), name="budget_list"),
    path("budgets/<int:pk>/", views.BudgetDetailView.as_view(), name="budget_detail"),
    path("budgets/<int:pk>/<str:step>/", views.BudgetStepView.as_view(), name="budget_action"),
    path("expenditures/<int:pk>/void/", views.ExpenditureStepView.as_view(), {"step": "void"},
         name="expenditure_void"),
    path("expenditures/<int:pk>/invoice/", views.InvoiceView.as_view(), name="expenditure_invoice"),
    path("expenditures/<int:pk>/<str:step>/", views.ExpenditureStepView.as_view(), name="expenditure_action"),
    path("bases/", views.BaseListView.as_view(), name="base_list"),
    path("bases/new/", views.BaseCreateView.as_view(), name="base_create"),
    path("bases/utilization/", views.UtilizationView.as_view(), name="utilization"),
    path("bases/<int:pk>/", views.BaseDetailView.as_view(), name="base_detail"),
    path("bookings/", views.BookingListView.as_view(), name="booking_list"),
    path("bookings/new/", views.BookingCreateView.as_view(), name="booking_create"),
    path("bookings/calendar/", views.BookingCalendarView.as_view(), name="booking_calendar"),
    path("bookings/<int:pk>/<str:step>/", views.BookingStepView.as_view(), name="booking_action"),
    path("incentives/", views.IncentiveListView.as_view(), name="incentive_list"),
    path("incentives/<int:pk>/<str:step>/", views.IncentiveStepView.as_view(), name="incentive_action"),
    path("standards/", views.StandardListView.as_view(), name="standard_list"),
    path("standards/<int:pk>/", views.StandardDetailView.as_view(), name="standard_detail"),
    path("standards/<int:pk>/<str:step>/", views.StandardStepView.as_view(), name="standard_action"),
    path("evaluations/", views.EvaluationListView.as_view(), name="evaluation_list"),
    path("evaluations/new/", views.EvaluationCreateView.as_view(), name="evaluation_create"),
    path("evaluations/<int:pk>/", views.EvaluationDetailView.as_view(), name="evaluation_detail"),
    path("evaluations/<int:pk>/submit/", views.EvaluationStepView.as_view(), {"step": "submit"},
         name="evaluation_submit"),
    path("evaluations/<int:pk>/<str:step>/", views.EvaluationStepView.as_view(), name="evaluation_action"),
    # The criteria of evaluation, a catalogue (catalogue_views.py): archive/restore are steps at "<row>/<step>/".
    path("criteria/", catalogue_views.CriterionListView.as_view(), name="criterion_list"),
    path("criteria/new/", catalogue_views.CriterionFormPage.as_view(), name="criterion_create"),
    path("criteria/<int:pk>/edit/", catalogue_views.CriterionFormPage.as_view(), name="criterion_edit"),
    path("criteria/<int:pk>/delete/", catalogue_views.CriterionDeleteView.as_view(), name="criterion_delete"),
    path("criteria/<int:pk>/<str:step>/", catalogue_views.CriterionStepView.as_view(), name="criterion_action"),
]
