"""The structure analytics (structure_stats.py) as text, Markdown or JSON (`jobdesc stats`), and
the labels the handbook's appendix and the website's page print them with."""
from __future__ import annotations

import json
from typing import Optional

from ..i18n import labels_for
from .structure_stats import StructureStats, Vacancy

LABELS_ZH = {
    "title": "组织结构分析",
    "positions": "岗位 {positions} 个 · 编制 {people} 人（未列明编制的岗位按 1 人计）",
    "spans": "管理幅度（直接下属人数（全部下属人数））",
    "manager": "管理岗位",
    "department": "部门",
    "span": "管理幅度",
    "layers": "管理层级",
    "layer": "第 {n} 层",
    "layer_count": "共 {layers} 层",
    "people": "人数",
    "ratio": "管理者与员工之比",
    "ratio_value": "1 : {ratio}（管理岗位 {managers} 个）",
    "no_managers": "无管理岗位",
    "vacancy_departments": "各部门空缺率",
    "vacancy_levels": "各职级空缺率",
    "level": "职级",
    "budget": "编制",
    "filled": "在岗",
    "vacant": "空缺",
    "rate": "空缺率",
    "not_stated": "未列明",
    "rate_not_stated": "未列明",
    "no_posts": "无岗位",
    "colon": "：",
    "note": "人数按编制计；未列明编制的岗位在管理幅度和层级中按 1 人计，不计入空缺率。职级为区间的岗位计入其最低职级。",
}
LABELS_EN = {
    "title": "Structure Analysis",
    "positions": "{positions} positions · budget {people} (a post without stated headcount counts one)",
    "spans": "Spans of control: direct (total)",
    "manager": "Manager",
    "department": "Department",
    "span": "Span",
    "layers": "Layers",
    "layer": "Layer {n}",
    "layer_count": "{layers} layers",
    "people": "People",
    "ratio": "Managers per employee",
    "ratio_value": "1 : {ratio} ({managers} managers)",
    "no_managers": "no managers",
    "vacancy_departments": "Vacancy rate by department",
    "vacancy_levels": "Vacancy rate by level",
    "level": "Level",
    "budget": "Budget",
    "filled": "Filled",
    "vacant": "Vacant",
    "rate": "Rate",
    "not_stated": "not stated",
    "rate_not_stated": "not stated",
    "no_posts": "no posts",
    "colon": ": ",
    "note": "People are budgeted headcount; a post whose headcount is not stated counts one in spans and layers "
            "and is in no vacancy rate. A post with a range of levels counts at its lowest level.",
}


def stats_labels(language: str) -> dict[str, str]:
    return labels_for(language, LABELS_ZH, LABELS_EN)


def rate_text(row: Vacancy, labels: dict[str, str]) -> str:
    rate = row.rate
    if rate is None:
        return labels["rate_not_stated"] if row.not_stated else labels["no_posts"]
    return f"{rate * 100:.1f}%"


def ratio_text(stats: StructureStats, labels: dict[str, str]) -> str:
    ratio: Optional[float] = stats.employees_per_manager
    if ratio is None:
        return labels["no_managers"]
    return labels["ratio_value"].format(ratio=f"{ratio:.1f}", managers=stats.managers)


def _vacancy_cells(row: Vacancy, labels: dict[str, str]) -> list[str]:
    cells = [str(row.budget), str(row.filled), str(row.vacant), rate_text(row, labels)]
    return cells + ([f"{labels['not_stated']} {row.not_stated}"] if row.not_stated else [""])


def as_json(stats: StructureStats) -> str:
    def vacancy(row: Vacancy) -> dict:
        return {"id": row.key, "name": row.name, "budget": row.budget, "filled": row.filled, "vacant": row.vacant,
                "rate": None if row.rate is None else round(row.rate, 4), "not_stated": row.not_stated}

    data = {
        "organisation": stats.organisation, "positions": stats.positions, "people": stats.people,
        "managers": stats.managers,
        "employees_per_manager": None if stats.employees_per_manager is None else round(stats.employees_per_manager, 2),
        "layers": list(stats.layers),
        "spans": [{"role": s.role_id, "title": s.title, "direct": s.direct, "total": s.total, "text": s.text}
                  for s in stats.spans],
        "departments": [vacancy(row) | {"depth": row.depth} for row in stats.departments],
        "levels": [vacancy(row) for row in stats.levels],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def as_markdown(stats: StructureStats, labels: dict[str, str]) -> str:
    def table(headers: list[str], rows: list[list[str]]) -> list[str]:
        escape = lambda text: text.replace("|", "\\|")  # noqa: E731
        return [f"| {' | '.join(headers)} |", f"|{'---|' * len(headers)}",
                *(f"| {' | '.join(escape(c) for c in row)} |" for row in rows), ""]

    lines = [f"# {stats.organisation} {labels['title']}", "",
             labels["positions"].format(positions=stats.positions, people=stats.people), "",
             f"**{labels['ratio']}**: {ratio_text(stats, labels)}", "",
             f"## {labels['spans']}", ""]
    lines += table([labels["manager"], labels["department"], labels["span"]],
                   [[s.title, s.department, s.text] for s in stats.spans])
    lines += [f"## {labels['layers']} ({labels['layer_count'].format(layers=len(stats.layers))})", ""]
    lines += table([labels["layers"], labels["people"]],
                   [[labels["layer"].format(n=n + 1), str(count)] for n, count in enumerate(stats.layers)])
    vacancy_headers = [labels["budget"], labels["filled"], labels["vacant"], labels["rate"], labels["not_stated"]]
    lines += [f"## {labels['vacancy_departments']}", ""]
    lines += table([labels["department"], *vacancy_headers],
                   [["　" * row.depth + row.name, *_vacancy_cells(row, labels)] for row in stats.departments])
    if stats.levels:
        lines += [f"## {labels['vacancy_levels']}", ""]
        lines += table([labels["level"], *vacancy_headers], [[row.name, *_vacancy_cells(row, labels)]
                                                              for row in stats.levels])
    lines.append(labels["note"])
    return "\n".join(lines)


def as_text(stats: StructureStats, labels: dict[str, str]) -> str:
    lines = [f"{stats.organisation} {labels['title']}",
             labels["positions"].format(positions=stats.positions, people=stats.people),
             f"{labels['ratio']}: {ratio_text(stats, labels)}",
             f"{labels['layers']}: {labels['layer_count'].format(layers=len(stats.layers))} — " +
             ", ".join(f"{labels['layer'].format(n=n + 1)} {count}" for n, count in enumerate(stats.layers)),
             "", labels["spans"]]
    lines += [f"  {s.text:>10}  {s.title} · {s.department}" for s in stats.spans]
    for heading, rows in ((labels["vacancy_departments"], stats.departments),
                          (labels["vacancy_levels"], stats.levels)):
        if not rows:
            continue
        lines += ["", heading]
        for row in rows:
            budget, filled, vacant, rate, unstated = _vacancy_cells(row, labels)
            name = "  " * row.depth + row.name
            lines.append(f"  {rate:>10}  {name}  ({labels['budget']} {budget} · {labels['filled']} {filled} · "
                         f"{labels['vacant']} {vacant}){'  ' + unstated if unstated else ''}")
    lines += ["", labels["note"]]
    return "\n".join(lines)
