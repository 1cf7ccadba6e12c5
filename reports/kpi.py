"""The college's key figures at one moment; stored monthly as KpiSnapshot so dashboards draw trends.

Each domain app lists its figures in ``<app>/kpis.py`` (``KPIS``: key and label, and
``figures(today) -> {key: value}``), found through the registry; the dashboards show them in
``settings.DOMAIN_APPS`` order. An app whose tables are missing (a database behind its migrations)
shows its figures as "not available"; a programming error fails loudly.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from django.utils import timezone

from core.hosts import Kpi
from core.registry import app_modules
from core.replica import replica_reads

from .sources import safe


@cache
def _kpis() -> dict[str, Kpi]:
    found: dict[str, Kpi] = {}
    for mod in app_modules("kpis"):
        for kpi in getattr(mod, "KPIS", ()):
            if kpi.key in found:
                raise ValueError(f"KPI {kpi.key} declared twice")
            found[kpi.key] = kpi
    for kpi in found.values():
        if kpi.beside and kpi.beside not in found:
            raise ValueError(f"KPI {kpi.key} shows {kpi.beside} beside it, which no app declares")
    return found


def _labels() -> dict[str, object]:
    return {k: kpi.label for k, kpi in _kpis().items()}


def card_kpis() -> list[Kpi]:
    """The figures that head a card of the college admin's dashboard, in their order."""
    return sorted((k for k in _kpis().values() if k.card), key=lambda k: k.order)


class _Labels(Mapping):
    """key -> label of every registered KPI, in the order dashboards show them; read on first use."""

    def __getitem__(self, key: str):
        return _labels()[key]

    def __iter__(self):
        return iter(_labels())

    def __len__(self) -> int:
        return len(_labels())


KPI_LABELS: Mapping[str, object] = _Labels()


def compute_kpis(today=None) -> dict[str, float | int | None]:
    today = today or timezone.localdate()
    out: dict[str, float | int | None] = {}
    for mod in app_modules("kpis"):
        keys = [k.key for k in getattr(mod, "KPIS", ())]
        if not keys:
            continue
        # Key figures tolerate seconds of lag: the replica's work when there is a healthy one.
        with replica_reads():
            values = safe(lambda mod=mod: mod.figures(today), None)
        for key in keys:
            out[key] = None if values is None else values.get(key)
    return out


def series(snapshots, key: str) -> list[tuple[str, float]]:
    """(month label, value) pairs of one KPI, oldest first, skipping months without the figure."""
    pts = []
    for s in sorted(snapshots, key=lambda s: s.period):
        v = (s.figures or {}).get(key)
        if v is not None:
            pts.append((f"{s.period:%Y-%m}", float(v)))
    return pts
