"""Catalogues the college keeps in the platform: archived, not deleted, once anything refers to them.

Competencies, course modules, job posts, competitions, certificates, evaluation criteria and the like
are reference data that other records name. A catalogue model mixes in ``Archivable`` (an
``archived_at`` time) with a queryset built on ``ArchivableQuerySet`` (``active()``):

- archiving (``catalogue_archive``) takes a row out of the pickers of other forms (``pickable``,
  ``refuse_archived``) while every record that already names it keeps it, in lists and history alike;
  restoring (``catalogue_restore``) brings it back. Both are steps declared once per model with
  ``archive_steps(Model, Policy)``, so the API actions (``POST .../{id}/archive/``), the page's
  buttons and the HTML endpoint come from one table like every other step (core/steps.py);
- a delete goes through only while no other row refers to the entry (``references``); otherwise it
  is a 409 ``in_use`` whose message says what still uses it and to archive it instead. Rows that are
  the entry's own parts (a job post's required competencies) are named in ``catalogue_parts`` and go
  with it.

The pages are in ``core/catalogue_views.py``.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .domain import RuleViolation, TransitionNotAllowed

# --- the model side -------------------------------------------------------------------------------


class ArchivableQuerySet(models.QuerySet):
    """Every catalogue row is readable by whoever may read the catalogue; ``active()`` is what pickers offer."""

    def active(self):
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)


class Archivable(models.Model):
    """An entry of a catalogue that is archived instead of deleted once other records name it."""

    archived_at = models.DateTimeField(
        _("archived at"), null=True, blank=True, editable=False,
        help_text=_("An archived entry is kept for the records that name it but offered for no new ones."),
    )

    # Reverse relations (accessor names) whose rows belong to the entry itself and are deleted with it.
    catalogue_parts: tuple[str, ...] = ()

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


def pickable(queryset, keep: Iterable[Any] = ()):
    """The entries a form may offer: the active ones, plus those the edited record already names."""
    ids = [getattr(v, "pk", v) for v in keep if v is not None]
    return queryset.filter(Q(archived_at__isnull=True) | Q(pk__in=ids)) if ids else queryset.active()


def refuse_archived(value, keep: Iterable[Any] = ()):
    """For serializers: an archived entry may stay where it is named already, never be newly chosen.

    ``value`` is one entry or a list of them; raises Django's ValidationError (DRF turns it into a 400
    on the field).
    """
    kept = {getattr(v, "pk", v) for v in keep if v is not None}
    for entry in (value if isinstance(value, list | tuple) else [value]):
        if entry is not None and getattr(entry, "archived_at", None) is not None and entry.pk not in kept:
            raise ValidationError(_("“%(entry)s” is archived; choose an active entry.") % {"entry": entry})
    return value


# --- services -------------------------------------------------------------------------------------


@transaction.atomic
def catalogue_save(*, obj: Archivable, by, m2m: dict[str, Iterable] | None = None) -> Archivable:
    """Validates and saves a catalogue entry with its many-to-many links (a duplicate code is a field error)."""
    obj.full_clean()
    obj.save()
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    return obj


@transaction.atomic
def catalogue_archive(*, obj: Archivable, by) -> Archivable:
    """Takes the entry out of every picker; the records that name it keep it (a conditional update: no lock)."""
    now = timezone.now()
    if not type(obj)._base_manager.filter(pk=obj.pk, archived_at__isnull=True).update(archived_at=now):
        raise TransitionNotAllowed(_("This entry is archived already."))
    obj.archived_at = now
    return obj


@transaction.atomic
def catalogue_restore(*, obj: Archivable, by) -> Archivable:
    if not type(obj)._base_manager.filter(pk=obj.pk, archived_at__isnull=False).update(archived_at=None):
        raise TransitionNotAllowed(_("This entry is not archived."))
    obj.archived_at = None
    return obj


def references(obj: models.Model, *, parts: Iterable[str] = ()) -> list[str]:
    """The kinds of records (plural verbose names) that still refer to ``obj``, one query per relation.

    Every reverse relation counts, whatever its ``on_delete``: a cascade would take the other record's
    data with it and ``SET_NULL`` would quietly change it. Left out: the relations named in ``parts``
    (the entry's own rows), auto-created through tables (their many-to-many relation is asked instead)
    and django-simple-history's tables (history keeps the entry's id, not a reference to the row).
    """
    skip = set(parts)
    found: list[str] = []
    for rel in obj._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one or rel.many_to_many)):
            continue
        related = rel.related_model
        if related._meta.auto_created or hasattr(related, "instance_type") or rel.get_accessor_name() in skip:
            continue
        if rel.many_to_many and not rel.through._meta.auto_created:
            continue  # the through model's own foreign key is asked (and named) instead
        if related._base_manager.filter(**{rel.field.name: obj.pk}).exists():
            label = str(related._meta.verbose_name_plural)
            if label not in found:
                found.append(label)
    return found


@transaction.atomic
def catalogue_delete(*, obj: Archivable, by) -> None:
    """Deletes an entry nothing refers to; one still in use is a 409 ``in_use`` naming what uses it."""
    used = references(obj, parts=getattr(obj, "catalogue_parts", ()))
    if used:
        raise RuleViolation(_("This entry is still in use (%(what)s); archive it instead.") % {"what": ", ".join(used)},
                            code="in_use")
    try:
        with transaction.atomic():
            obj.delete()
    except models.ProtectedError as exc:  # a reference made since the check above
        raise RuleViolation(_("This entry is still in use; archive it instead."), code="in_use") from exc


def archive_steps(model: type[Archivable], policy):
    """The two steps of a catalogue model (who may: the policy's ``can_action`` for "archive"/"restore")."""
    from .steps import Step, Steps  # the steps need DRF, which a models module should not load

    return Steps(model, "obj", policy, [
        Step("archive", catalogue_archive, _("Archive"), _("Archived: it is no longer offered for new records."),
             sources=(False,), style="secondary",
             confirm=_("Archive this entry? Records that name it keep it; new records can no longer choose it.")),
        Step("restore", catalogue_restore, _("Restore"), _("Restored: it is offered again."),
             sources=(True,), style="secondary"),
    ], field="is_archived")
