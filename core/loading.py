"""Rows become model instances the way ``Model.__init__`` would leave them, without running it.

Every list reads its page as model instances: a page of 50 placements with their students and enterprises is
150 of them, and ``Model.__init__`` (the ``pre_init`` signal, a ``ModelState``, a ``setattr`` through each
field's descriptor, the ``post_init`` signal) was 1.3 of the page's 3.2 ms of reading at scale 1, more than the
database's answer. ``Model.from_db`` is Django's documented hook for how a row becomes an instance; the one here
puts the row's values straight into the instance's ``__dict__`` under their attribute names and marks the
instance as loaded from ``db``: what ``__init__`` leaves behind when every descriptor it goes through only stores
the value (a plain column, a foreign key's id on a new instance, a file's name), nothing listens to
``pre_init`` or ``post_init``, and the model keeps Django's own ``__init__``. A model for which any of that does
not hold, at any moment, is loaded by Django's ``from_db`` (tests/platform/test_loading.py compares the two on
every model of the project).
"""
from __future__ import annotations

from inspect import getattr_static

from django.db.models import Model
from django.db.models.base import ModelState
from django.db.models.fields.files import FileDescriptor
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init

# Descriptors whose ``__set__`` (if any) stores the value in ``instance.__dict__`` and does nothing else on an
# instance being built: a foreign key's id forgets a cached related object (there is none yet), a file keeps the
# name until it is read. Exact types: a subclass may do more.
_STORING = frozenset({DeferredAttribute, ForeignKeyDeferredAttribute, FileDescriptor})

_django_from_db = Model.from_db.__func__


def plain_loading(cls) -> bool:
    """Whether ``cls``'s instances may be built without ``__init__`` (module docstring), signals aside."""
    if cls.__init__ is not Model.__init__ or cls._meta.abstract:
        return False
    return all(type(getattr_static(cls, f.attname, None)) in _STORING for f in cls._meta.concrete_fields)


def from_db(cls, db, field_names, values):
    if pre_init.receivers or post_init.receivers or not cls.__dict__.get("_iei_plain_loading"):
        return _django_from_db(cls, db, field_names, values)
    new = cls.__new__(cls)
    state = ModelState()
    state.adding = False
    state.db = db
    # The order ``__init__`` gives the instance's dict: its state first, then the loaded columns. ``field_names``
    # are the attribute names of ``values``, in their order (the ORM's select, a raw query's columns).
    new.__dict__["_state"] = state
    new.__dict__.update(zip(field_names, values, strict=True))
    return new


def install(models) -> list[type]:
    """Gives each of ``models`` that keeps Django's ``from_db`` and passes ``plain_loading`` this module's; returns
    them. Called once the app registry is ready (core.apps), for the project's own models."""
    done = []
    for cls in models:
        hook = cls.from_db.__func__
        if hook is not _django_from_db and hook is not from_db:
            continue  # the model loads its rows its own way
        if not plain_loading(cls):
            continue
        # The mark is the class's own: a subclass (a proxy, a child table) is built here only if it passes too.
        cls._iei_plain_loading = True
        if hook is _django_from_db:
            cls.from_db = classmethod(from_db)
        done.append(cls)
    return done
