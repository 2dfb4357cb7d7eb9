"""The website at a phone's width (390 px) and a desktop's (1400 px), in Chromium: labels and
short cells never break inside a word, wide tables scroll sideways in their frame instead of
squeezing their columns (the page itself never scrolls sideways), and the chart opens fitted."""
from __future__ import annotations

import pytest

from test_site_browser import Watched, browser, example_site, shots  # noqa: F401 (fixtures)

BROKEN = """() => {
  // header cells up to 6 characters and body cells up to 4 whose text sits on more than one line
  const broken = [];
  for (const cell of document.querySelectorAll('th, .grid td')) {
    const text = cell.innerText.trim();
    if (!text || text.length > (cell.tagName === 'TH' ? 6 : 4)) continue;
    const tops = [];  // the line boxes of the cell's text (its text nodes' rectangles)
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) if (r.width > 0) tops.push(r.top);
    }
    if (tops.length && Math.max(...tops) - Math.min(...tops) > 4) broken.push(text);
  }
  return broken;
}"""
BOXES_OUTSIDE = """() => {
  const frame = document.getElementById('chart-frame').getBoundingClientRect();
  return [...document.querySelectorAll('#chart .box')].filter(box => {
    const r = box.getBoundingClientRect();
    return r.left < frame.left - 1 || r.right > frame.right + 1 || r.top < frame.top - 1 || r.bottom > frame.bottom + 1;
  }).length;
}"""
PAGES = ("jd/sales-manager.html", "staffing.html", "process/business-trip-approval.html", "dept/admin.html",
         "authority.html")


@pytest.mark.parametrize("width", [390, 1400])
def test_labels_and_short_cells_stay_whole(browser, example_site, shots, width):  # noqa: F811
    seen = Watched(browser, width, 844)
    try:
        for name in PAGES:
            seen.page.goto((example_site / name).as_uri())
            assert seen.page.evaluate(BROKEN) == [], name
            assert seen.page.evaluate("document.documentElement.scrollWidth") <= width + 1, name
            seen.page.screenshot(path=str(shots / f"{width}-{name.replace('/', '-')}.png"))
        seen.check()
    finally:
        seen.context.close()


def test_a_wide_table_scrolls_sideways_on_a_phone(browser, example_site):  # noqa: F811
    phone = Watched(browser, 390, 844)
    try:
        phone.page.goto((example_site / "staffing.html").as_uri())
        frame = phone.page.locator(".scroll").first
        assert frame.evaluate("f => f.scrollWidth > f.clientWidth")  # the table keeps its columns' room
        assert phone.page.evaluate("document.documentElement.scrollWidth") <= 391
        phone.check()
    finally:
        phone.context.close()


@pytest.mark.parametrize("width", [390, 1400])
def test_the_chart_opens_fitted(browser, example_site, shots, width):  # noqa: F811
    seen = Watched(browser, width, 844)
    try:
        seen.page.goto((example_site / "chart.html").as_uri())
        assert seen.page.evaluate("document.querySelectorAll('#chart .box').length") > 10
        assert seen.page.evaluate(BOXES_OUTSIDE) == 0
        seen.page.screenshot(path=str(shots / f"{width}-chart.png"))
        seen.check()
    finally:
        seen.context.close()
