"""Write rights for the funding app; reads are decided by each model's ``visible_to`` scope."""
from __future__ import annotations

from accounts.policy import access_for
from core.api import Policy

from .choices import EvaluationStatus, SourceStatus


class AdminOnlyPolicy(Policy):
    def can_create(self, user, data=None) -> bool:
        return access_for(user).is_college_admin

    def can_update(self, user, obj) -> bool:
        return access_for(user).is_college_admin

    def can_delete(self, user, obj) -> bool:
        return False  # money, bases and awards are closed or voided, never deleted (the audit needs them)


class FundingSourcePolicy(AdminOnlyPolicy):
    """Enterprises record their own investment; the college confirms it."""

    def can_create(self, user, data=None) -> bool:
        acc = access_for(user)
        return acc.is_college_admin or acc.is_enterprise

    def can_update(self, user, obj) -> bool:
        acc = access_for(user)
        if acc.is_college_admin:
            return True
        return obj.status == SourceStatus.PENDING and obj.funder_id in acc.enterprise_ids

    def can_action(self, user, obj, action: str) -> bool:
        if action == "document":
            return True
        return access_for(user).is_college_admin


class BudgetPolicy(AdminOnlyPolicy):
    pass


class ExpenditurePolicy(AdminOnlyPolicy):
    pass


class TrainingBasePolicy(AdminOnlyPolicy):
    pass


class EquipmentPolicy(AdminOnlyPolicy):
    pass


class BookingPolicy(Policy):
    def can_create(self, user, data=None) -> bool:
        acc = access_for(user)
        return acc.is_college_admin or acc.is_teacher or acc.is_student

    def can_update(self, user, obj) -> bool:
        return False  # a booking is cancelled and made again, so the overlap history stays honest

    def can_action(self, user, obj, action: str) -> bool:
        acc = access_for(user)
        if action == "cancel":
            return acc.is_college_admin or obj.booked_by_id == user.pk
        if action in ("approve", "reject"):
            return acc.is_college_admin or (obj.base.host_id is not None and obj.base.host_id in acc.enterprise_ids)
        return False


class IncentivePolicy(AdminOnlyPolicy):
    pass


class StandardPolicy(Policy):
    """An association maintains its own standards; programmes declare versions through the college."""

    def can_create(self, user, data=None) -> bool:
        acc = access_for(user)
        return acc.is_college_admin or acc.is_association

    def can_update(self, user, obj) -> bool:
        acc = access_for(user)
        return acc.is_college_admin or obj.association_id in acc.association_ids

    def can_action(self, user, obj, action: str) -> bool:
        if action == "declare":
            return access_for(user).is_college_admin
        return self.can_update(user, obj)


class EvaluationCriterionPolicy(Policy):
    """The college sets the criteria of programme evaluation; evaluators and readers see them read-only."""

    def can_create(self, user, data=None) -> bool:
        return access_for(user).is_college_admin

    def can_update(self, user, obj) -> bool:
        return access_for(user).is_college_admin

    def can_delete(self, user, obj) -> bool:
        return access_for(user).is_college_admin  # the service refuses a criterion that was scored (409)


class ProgramEvaluationPolicy(Policy):
    def can_create(self, user, data=None) -> bool:
        acc = access_for(user)
        return acc.is_college_admin or acc.is_association or acc.is_enterprise

    def can_update(self, user, obj) -> bool:
        return obj.evaluator_id == user.pk and obj.status == EvaluationStatus.DRAFT

    def can_action(self, user, obj, action: str) -> bool:
        # The state is checked by the service (409); here only who may act.
        return obj.evaluator_id == user.pk
