"""Column widths from the text the columns hold (tables/column_fit.py, the one rule of every
Word table: the job descriptions' and handbook.docx's): a column is never narrower than its
widest piece that may not break (a header's word, a time, a period, a Latin word), the
widths add up to the table's, and the room left is shared by the amount of text."""
from __future__ import annotations

from jobdesc.tables.column_fit import (Column, TWIPS_PER_PT, fit_widths, grid_columns, narrowest_pt,
                                       text_width_pt, unbreakable_tokens)


def test_times_periods_and_latin_words_stay_whole():
    assert unbreakable_tokens("每周 · 每周一上午9:00") == ["每周·", "每周一", "上午9:00"]
    assert unbreakable_tokens("每日上午8:45前，次日 10:00后") == ["每日", "上午8:45前，", "次日 10:00后"]
    assert unbreakable_tokens("≤ 300 万元") == ["≤", "300", "万", "元"]
    assert unbreakable_tokens("销售经理", words=True) == ["销售", "经理"]  # a header breaks between its words
    assert unbreakable_tokens("销售经理") == ["销", "售", "经", "理"]


def test_no_column_narrower_than_its_pieces_and_the_widths_fill_the_table():
    header = ["会议名称", "周期与时间", "本岗位"]
    rows = [("销售晨会", "每日 · 上午8:45，售楼处，15 分钟", "主持"), ("月度销售总结会", "每月 · 最后一个工作日下午", "参加")]
    columns = grid_columns(header, rows)
    for total in (6000, 9000):  # too narrow for one line each; room for every line
        widths = fit_widths(columns, total, 9.5, 260)
        assert sum(widths) == total
        for width, column in zip(widths, columns):
            assert width >= narrowest_pt(column, 9.5) * TWIPS_PER_PT + 260
    wide = fit_widths(columns, 9000, 9.5, 260)
    assert wide[1] > wide[0] > wide[2]  # the longest lines get the most room


def test_pieces_wider_than_the_table_are_cut_down_alike():
    assert fit_widths([Column("A", ["x" * 50])], 200, 10, 0) == [200]


def test_widths_are_measured_once_per_text():
    text_width_pt.cache_clear()
    columns = [Column("岗位", ["销售经理"] * 50), Column("周期", ["每日"] * 50)]
    fit_widths(columns, 5000, 9.5, 260)
    info = text_width_pt.cache_info()
    assert info.currsize <= 12 and info.hits > 100  # a few distinct tokens and lines, measured once each
