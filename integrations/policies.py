"""Who may change an endpoint, a channel or a delivery (reads are each model's ``visible_to``)."""
from core.api import Policy

from .models import college_ids_of, owner_org_ids


class WebhookEndpointPolicy(Policy):
    """College admins for their college, enterprise partners for their own enterprise."""

    def can_create(self, user, data=None) -> bool:
        return bool(owner_org_ids(user))

    def can_update(self, user, obj) -> bool:
        return obj.organization_id in owner_org_ids(user)

    def can_delete(self, user, obj) -> bool:
        return self.can_update(user, obj)


class ChatChannelPolicy(Policy):
    """Group chats are the college's: only its admins route events to them."""

    def can_create(self, user, data=None) -> bool:
        return bool(college_ids_of(user))

    def can_update(self, user, obj) -> bool:
        return obj.college_id in college_ids_of(user)

    def can_delete(self, user, obj) -> bool:
        return self.can_update(user, obj)


class DeliveryPolicy(Policy):
    """Deliveries are a log: read-only, except sending one again (the owner of its endpoint or channel)."""

    def can_action(self, user, obj, action: str) -> bool:
        if action != "redeliver":
            return False
        if obj.endpoint_id:
            return obj.endpoint.organization_id in owner_org_ids(user)
        return obj.channel.college_id in college_ids_of(user)
