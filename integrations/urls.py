from django.urls import path

from . import views

app_name = "integrations"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("webhooks/new/", views.EndpointCreateView.as_view(), name="endpoint_create"),
    path("webhooks/<int:pk>/", views.EndpointDetailView.as_view(), name="endpoint_detail"),
    path("webhooks/<int:pk>/rotate/", views.EndpointRotateView.as_view(), name="endpoint_rotate"),
    path("webhooks/<int:pk>/delete/", views.EndpointDeleteView.as_view(), name="endpoint_delete"),
    path("channels/new/", views.ChannelCreateView.as_view(), name="channel_create"),
    path("channels/<int:pk>/", views.ChannelDetailView.as_view(), name="channel_detail"),
    path("channels/<int:pk>/delete/", views.ChannelDeleteView.as_view(), name="channel_delete"),
    path("deliveries/<int:pk>/", views.DeliveryDetailView.as_view(), name="delivery_detail"),
    path("deliveries/<int:pk>/<str:step>/", views.DeliveryStepView.as_view(), name="delivery_action"),
]
