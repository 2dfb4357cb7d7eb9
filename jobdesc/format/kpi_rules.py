"""The rules for KPIs (FORMAT.md sections 5 and 10): weights are all given and sum to 100, and a
target range has a bound and its min is not above its max (reported at the `min` bound, the figure
to correct).
"""
from __future__ import annotations

from ..errors import Diagnostic, error
from .kpi_models import KpiRange
from .loaded import Loaded
from .position_models import Role


def kpi_range_diagnostics(roles: list[Loaded[Role]]) -> list[Diagnostic]:
    found = []
    for loaded in roles:
        for i, kpi in enumerate(loaded.model.kpis):
            target = kpi.target
            if isinstance(target, KpiRange) and target.min is None and target.max is None:
                mark = loaded.source.mark_of(("kpis", i, "target"))
                found.append(error(loaded.source.path, mark.line, mark.column, "kpi-range",
                                   f"KPI '{kpi.name}': a target range needs min, max or both"))
            elif isinstance(target, KpiRange) and target.min is not None and target.max is not None \
                    and float(target.min) > float(target.max):
                mark = loaded.source.mark_of(("kpis", i, "target", "min"))
                found.append(error(loaded.source.path, mark.line, mark.column, "kpi-range",
                                   f"KPI '{kpi.name}': target min {target.min} is above max {target.max}"))
    return found


def kpi_weight_diagnostics(loaded: Loaded[Role]) -> list[Diagnostic]:
    role, source = loaded.model, loaded.source

    def at(loc: tuple, message: str) -> Diagnostic:
        mark = source.mark_of(loc)
        return error(source.path, mark.line, mark.column, "kpi-weights", message)

    weights = [k.weight for k in role.kpis]
    if not any(w is not None for w in weights):
        return []
    missing = [i for i, w in enumerate(weights) if w is None]
    if missing:
        return [at(("kpis", missing[0]), f"KPI '{role.kpis[missing[0]].name}' has no weight, but other KPIs of this role do")]
    total = sum(w for w in weights if w is not None)
    return [at(("kpis",), f"KPI weights sum to {total:g}, not 100")] if abs(total - 100) > 1e-6 else []
