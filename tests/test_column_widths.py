"""Column widths from the text the columns hold (the Word files' tables): a column is never
narrower than its widest piece that may not break (a header's word, a time, a period, a Latin
word), and the width left is shared as the PDF's auto table layout shares it."""
from __future__ import annotations

from jobdesc.tables.column_widths import cell_pieces, column_widths, header_pieces
from jobdesc.tables.text import display_width


def test_times_periods_and_latin_words_stay_whole():
    assert cell_pieces("每周 · 每周一上午9:00") == ["每周", "·", "每周一", "上午9:00"]
    assert cell_pieces("每日上午8:45前") == ["每日", "上午8:45前"]
    assert cell_pieces("≤ 300 万元") == ["≤", "300", "万", "元"]
    assert header_pieces("周期与时间") == ("周期与时间",)  # no word the lexicon knows: one piece
    assert header_pieces("销售经理") == ("销售", "经理")


def test_no_column_narrower_than_its_pieces():
    header = ["会议名称", "周期与时间", "本岗位"]
    rows = [("销售晨会", "每日 · 上午8:45，售楼处，15 分钟", "主持"), ("月度销售总结会", "每月 · 最后一个工作日下午", "参加")]
    widths = column_widths(header, rows, 40, padding=3)  # too narrow for one line each
    assert abs(sum(widths) - 40) < 1e-9
    for width, pieces in zip(widths, ([*header_pieces(h), *(p for r in rows for p in cell_pieces(r[i]))]
                                      for i, h in enumerate(header))):
        assert width >= max(map(display_width, pieces)) + 3
    wide = column_widths(header, rows, 200, padding=3)  # room for every line: shared as they ask
    assert wide[1] > wide[0] > wide[2]


def test_pieces_wider_than_the_table_are_cut_down_alike():
    widths = column_widths(["A"], [("x" * 50,)], 20)
    assert widths == [20]
