"""Where a Chinese position title may break: between its words, never inside one.

Chinese has no spaces, and a narrow column header broken by character count reads
营销总 / 监助理 or 财务部经 / 理. Position titles are built from a small vocabulary (a
department or field, then a rank or role: 营销 + 总监 + 助理, 财务部 + 经理), so a lexicon of
those words and backward maximum matching (the usual way to cut Chinese without a full
dictionary) find the word boundaries; a run the lexicon does not know stays one word.
"""
from __future__ import annotations

from itertools import combinations

# Ranks and roles (what a title ends with), then fields and modifiers; Simplified and Traditional.
_WORDS = """
董事长 副董事长 总裁 副总裁 总经理 副总经理 总监 副总监 经理 副经理 主管 专员 助理 组长 副组长 主任 副主任
秘书 顾问 文员 会计 出纳 工程师 设计师 分析师 培训师 策划师 规划师 架构师 管理员 档案员 业务员 操作员 质检员
采购员 办事员 内勤 前台 司机 店长 督导 专家 代表 讲师 实习生 负责人 合伙人 董事 监事 科长 处长 部长 课长 班长
厂长 院长 所长 队长 经纪人 客服 行政 人事 财务 销售 营销 市场 策划 按揭 置业 见习 高级 资深 首席 执行 综合 管理
合同 档案 财富 客户 人力资源 人力 资源 运营 技术 研发 产品 采购 物流 仓储 法务 审计 品牌 渠道 招聘 培训 薪酬
绩效 信息 网络 安全 质量 生产 设备 工程 项目 商务 公关 投资 风控 信贷 理财 大客户 区域 大区 储备 总助 文案
董事長 總裁 副總裁 總經理 副總經理 總監 副總監 經理 副經理 專員 組長 主任 顧問 會計 工程師 設計師 分析師 培訓師
管理員 檔案員 業務員 採購員 負責人 經紀人 客服 銷售 營銷 市場 財務 資深 綜合 檔案 財富 客戶 人力資源 資源 運營
技術 產品 採購 審計 品牌 招聘 培訓 績效 資訊 網絡 網路 品質 專案 項目 商務 投資 風控
""".split()
LEXICON = frozenset(_WORDS)
LONGEST = max(map(len, LEXICON))
# One-character parts that belong to the word before them (财务 + 部 = 财务部) or after (副 + 经理).
JOINS_LEFT = frozenset("部科处室组课處課組")
JOINS_RIGHT = frozenset("副代")


def title_words(title: str) -> list[str]:
    """The words of a CJK title, by backward maximum matching on LEXICON."""
    words: list[str] = []
    end = len(title)
    while end > 0:
        for size in range(min(LONGEST, end), 0, -1):
            piece = title[end - size:end]
            if size == 1 or piece in LEXICON:
                words.insert(0, piece)
                end -= size
                break
    return _join_unknown(words)


def _join_unknown(pieces: list[str]) -> list[str]:
    """Glue single characters the lexicon did not know into the runs and words they belong to."""
    words: list[str] = []
    for piece in pieces:
        known = piece in LEXICON
        if words and len(piece) == 1 and not known and (piece in JOINS_LEFT or
                                                       (words[-1] not in LEXICON and words[-1][-1] not in JOINS_LEFT)):
            words[-1] += piece
        elif words and len(words[-1]) == 1 and words[-1] in JOINS_RIGHT:
            words[-1] += piece
        else:
            words.append(piece)
    return words


def _pieces(word: str, per_line: int) -> list[str]:
    """A word longer than a line, cut into even parts (nothing better is known)."""
    count = -(-len(word) // per_line)
    size = -(-len(word) // count)
    return [word[i:i + size] for i in range(0, len(word), size)]


def word_lines(title: str, per_line: int) -> list[str]:
    """The title in as few lines of at most `per_line` characters as its words allow,
    the longest line as short as possible, breaking only between words."""
    words = [piece for word in title_words(title) for piece in
             (_pieces(word, per_line) if len(word) > per_line else [word])]
    best: list[str] = [title]
    best_key = None
    for count in range(len(words)):  # number of breaks
        for cuts in combinations(range(1, len(words)), count):
            bounds = (0, *cuts, len(words))
            lines = ["".join(words[a:b]) for a, b in zip(bounds, bounds[1:])]
            if max(map(len, lines)) <= per_line:
                key = (len(lines), max(map(len, lines)), -len(lines[0]))  # ties: the head phrase first
                if best_key is None or key < best_key:
                    best, best_key = lines, key
        if best_key is not None:
            return best
    return best
