"""Generate a synthetic organisation of N positions, for benchmarks and large-org tests.

The text is realistic Chinese HR text (assembled from phrases like those in the seed
documents), departments nest 5-8 levels deep, and there are RACI processes, so the
generated organisation exercises every renderer the way a real one would. Output is a
pure function of (n_positions, seed, language).

    python bench/generate.py 2000 /tmp/org2000
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

DEPT_NAMES = ["营销中心", "销售管理部", "华东大区", "华南大区", "华北大区", "西南大区", "客户服务部", "策划推广部",
              "市场研究部", "渠道拓展部", "按揭服务部", "合同管理部", "案场管理部", "大客户部", "电商运营部",
              "品牌部", "数据分析部", "培训发展部", "综合管理部", "财务结算组"]
TITLES = ["销售经理", "销售主管", "置业顾问", "客户经理", "客服专员", "策划专员", "市场专员", "按揭专员",
          "合同管理员", "案场经理", "渠道专员", "数据分析师", "培训专员", "行政专员", "销售内勤", "大客户经理"]
VERBS = ["负责", "协助", "组织", "参与", "制定", "执行", "统计", "跟进", "审核", "协调", "监督", "汇总"]
OBJECTS = ["年度、季度、月度销售计划", "来电来访客户的接待与登记", "销售合同的签订与归档", "按揭资料的收集与报送",
           "客户投诉的受理与回访", "竞争楼盘的市场调研", "销售数据的统计与分析", "案场日常管理与考勤",
           "销售人员的培训与考核", "广告投放效果的评估", "认购书的签收与审核", "催款及回款进度",
           "部门费用预算的编制", "售楼处样板房的维护", "渠道合作方的拓展与维护", "客户档案的建立与更新"]
DETAILS = ["每天统计来电量、区域、客户群", "每周对来访客户量进行总结", "每月2日前提交月度分析报告",
           "发现问题及时上报直接上级", "做好会议记录并存档", "按公司制度执行并留存记录"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国红梅晓东"
KPI_NAMES = [("每日有效电话", "个", "daily", 20), ("每周客户拜访", "次", "weekly", 15),
             ("月度销售回款", "万元", "monthly", 300), ("客户投诉处理及时率", "%", "monthly", 98),
             ("季度签约套数", "套", "quarterly", 30), ("年度销售目标完成率", "%", "yearly", 100)]


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def _duties(rng: random.Random, count: int) -> list:
    duties: list = []
    for _ in range(count):
        text = rng.choice(VERBS) + rng.choice(OBJECTS)
        if rng.random() < 0.3:
            duties.append({"text": text, "items": rng.sample(DETAILS, rng.randint(2, 3))})
        else:
            duties.append(text)
    return duties


def _kpis(rng: random.Random) -> list:
    chosen = rng.sample(KPI_NAMES, rng.randint(2, 4))
    weights = [100 // len(chosen)] * len(chosen)
    weights[0] += 100 - sum(weights)
    return [{"name": n, "target": t, "unit": u, "period": p, "weight": w}
            for (n, u, p, t), w in zip(chosen, weights)]


def _departments(rng: random.Random, n_positions: int) -> list[dict]:
    """A department tree 5-8 levels deep with roughly one department per 12 positions."""
    count = max(6, n_positions // 12)
    depth = rng.randint(5, 8)
    departments = [{"id": "d0", "name": "营销中心", "parent": None, "duties": ["统筹营销中心全局工作"]}]
    # A spine guarantees the depth; the rest hang off random earlier departments.
    for i in range(1, count):
        parent = f"d{i - 1}" if i < depth else f"d{rng.randrange(0, i)}"
        name = f"{DEPT_NAMES[i % len(DEPT_NAMES)]}{i // len(DEPT_NAMES) + 1 if i >= len(DEPT_NAMES) else ''}"
        departments.append({"id": f"d{i}", "name": name, "parent": parent})
    return departments


def build_data(n_positions: int, seed: int = 0, language: str = "zh-CN", approvals: int = 0,
               tiered: bool = True) -> tuple[dict, dict[str, dict], dict[str, dict]]:
    """(org.yaml data, role id → role data, process id → process data).

    `approvals` more activities are approvals by amount up a requester's reporting line:
    tiered (审批权限: manager ≤ 5 万元, their manager ≤ 20, then the COO) or, with
    `tiered=False`, the same activities with the first tier's approver as a single A, so a
    benchmark can compare the cost of the tiers alone."""
    rng = random.Random(seed)
    departments = _departments(rng, n_positions)
    org = {
        "organization": "示例置业集团营销中心",
        "departments": departments,
        "handbook": {"title": "营销中心岗位说明书", "version": "1.0", "effective": "2026-01-01",
                     "approved_by": "总经理", "language": language},
        "raci": {"labels": {"R": "执行", "A": "审批", "C": "咨询", "I": "知会"}},
        "external": [{"id": "coo", "title": "运营长"}, {"id": "finance-manager", "title": "财务部经理"}],
    }
    roles: dict[str, dict] = {}
    # Every department gets a head; the top head reports to the external COO.
    heads: dict[str, str] = {}
    for dept in departments:
        rid = f"head-{dept['id']}"
        heads[dept["id"]] = rid
        roles[rid] = {"title": f"{dept['name']}负责人", "department": dept["id"],
                      "reports_to": "coo" if dept["parent"] is None else heads[dept["parent"]]}
    while len(roles) < n_positions:
        dept = rng.choice(departments)
        parent_pool = [r for r, d in roles.items() if d["department"] == dept["id"]]
        manager = rng.choice(parent_pool[:4])
        rid = f"p{len(roles):05d}"
        roles[rid] = {"title": rng.choice(TITLES), "department": dept["id"], "reports_to": manager}
    named: set[str] = set()
    namesakes = iter(range(1, 10**6))

    def person() -> str | dict:
        """A new person: a name, with an employee id when somebody already has that name (else
        check would read them as one person holding two posts without `concurrent`)."""
        name = _person(rng)
        if name in named:
            return {"name": name, "id": f"E{next(namesakes):05d}"}
        named.add(name)
        return name

    for i, (rid, role) in enumerate(roles.items()):
        budget = rng.choice([1, 1, 1, 2, 3])
        filled = budget - (1 if rng.random() < 0.25 else 0)
        role.update({
            "grade": rng.choice(["经理", "主管", "专员", "助理"]),
            "headcount": {"budget": budget, "filled": filled},
            "incumbents": [person() for _ in range(filled)],
            "summary": "协助上级开展" + rng.choice(OBJECTS) + "等工作",
            "duties": _duties(rng, rng.randint(4, 9)),
            "kpis": _kpis(rng),
            "qualifications": {"education": rng.choice(["大专及以上", "本科及以上"]),
                               "experience": f"{rng.randint(1, 5)}年以上房地产销售经验",
                               "skills": ["熟练使用办公软件", "良好的沟通能力"]},
            "authority": ["对本岗位工作有建议权"],
            "reports": [{"name": "工作日报", "to": role["reports_to"], "due": "每日上午10:00前"}],
        })
    role_ids = list(roles)
    processes: dict[str, dict] = {}
    for p in range(max(2, n_positions // 50)):
        activities = []
        for a in range(rng.randint(3, 6)):
            r, a_, c, i_ = rng.sample(role_ids, 4)
            activities.append({"name": f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}", "R": [r], "A": a_,
                               "C": [c], "I": [i_, "finance-manager"], "four_eyes": True})
        processes[f"process-{p:03d}"] = {"name": f"{rng.choice(OBJECTS)}流程", "activities": activities}
    _add_approvals(rng, roles, processes, approvals, tiered)
    return org, roles, processes


def _add_approvals(rng: random.Random, roles: dict[str, dict], processes: dict[str, dict], count: int,
                   tiered: bool) -> None:
    pids = list(processes)
    deep = [rid for rid in roles if roles[rid]["reports_to"] in roles and roles[roles[rid]["reports_to"]]["reports_to"]
            in roles]
    for n in range(count):
        requester = rng.choice(deep)
        manager = roles[requester]["reports_to"]
        tiers = [{"up_to": 5, "role": manager}, {"up_to": 20, "role": roles[manager]["reports_to"]}, {"role": "coo"}]
        activity = {"name": f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}（按金额 {n + 1}）", "R": [requester],
                    "A": tiers if tiered else manager, "I": ["finance-manager"], "four_eyes": True}
        if tiered:
            activity["unit"] = "万元"
        processes[pids[n % len(pids)]]["activities"].append(activity)


def generate_organisation(n_positions: int, out_dir: Path, seed: int = 0, language: str = "zh-CN",
                          approvals: int = 0, tiered: bool = True) -> Path:
    """Write the organisation directory; returns `out_dir`. Departments become sub-folders."""
    org, roles, processes = build_data(n_positions, seed, language, approvals, tiered)
    out_dir = Path(out_dir)
    (out_dir / "processes").mkdir(parents=True, exist_ok=True)

    def dump(path: Path, data: dict) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")

    dump(out_dir / "org.yaml", org)
    for rid, role in roles.items():
        dump(out_dir / role["department"] / f"{rid}.yaml", role)
    for pid, process in processes.items():
        dump(out_dir / "processes" / f"{pid}.yaml", process)
    return out_dir


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python bench/generate.py N OUT_DIR")
    generate_organisation(int(sys.argv[1]), Path(sys.argv[2]))
    print(f"wrote {sys.argv[1]} positions to {sys.argv[2]}")
