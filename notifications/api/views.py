from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ScopedModelViewSet
from notifications import services
from notifications.filtersets import NotificationFilterSet
from notifications.policies import NotificationPolicy
from notifications.selectors import notification_list
from notifications.steps import NOTIFICATION_STEPS

from .serializers import NotificationSerializer, PreferenceListSerializer


class NotificationViewSet(ScopedModelViewSet):
    """The caller's own notifications; anyone else's is a 404."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet
    policy_class = NotificationPolicy
    steps = NOTIFICATION_STEPS  # read, read-all
    search_fields = ["title", "body"]
    ordering_fields = ["created_at", "kind", "read_at"]
    http_method_names = ["get", "post", "put", "head", "options"]

    def get_authenticate_header(self, request) -> str:
        return "Token"  # an anonymous caller gets 401 as the contract says, not 403

    def get_queryset(self):
        return notification_list(user=self.request.user)

    # Not a workflow step: the user's settings, read and replaced as a whole.
    @extend_schema(request=PreferenceListSerializer, responses={200: PreferenceListSerializer})
    @action(detail=False, methods=["get", "put"], serializer_class=PreferenceListSerializer)
    def preferences(self, request):
        if request.method == "PUT":
            ser = PreferenceListSerializer(data=request.data)
            ser.is_valid(raise_exception=True)
            services.preferences_save(user=request.user, choices={
                p["kind"]: services.Channels(in_app=p["in_app"], email=p["email"], frequency=p["email_frequency"])
                for p in ser.validated_data["preferences"]
            })
        prefs = services.preferences_for(request.user)
        data = {"preferences": [
            {"kind": kind, "in_app": ch.in_app, "email": ch.email, "email_frequency": ch.frequency}
            for kind, ch in prefs.items()
        ]}
        return Response(data, status=status.HTTP_200_OK)
