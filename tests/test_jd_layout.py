"""Page layout of the job description PDF, read back page by page with pdftotext."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from conftest import small_org_data, write_org
from jobdesc.jd.labels import ZH as ZH_LABELS
from test_jd_support import build_jd

# Everything the signature block and the running header/footer print on a page.
SIGNATURE_WORDS = [ZH_LABELS[key] for key in ("signatures", "sign_incumbent", "sign_manager", "sign_hr",
                                              "signature", "date")]
DUTY = "负责客户接待与需求分析，跟进意向客户并按时回访，维护客户关系，完成个人销售指标"


def _pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    return text.split("\f")[:-1]


def _without(text: str, words: list[str]) -> str:
    for word in sorted(words, key=len, reverse=True):
        text = text.replace(word, "")
    return re.sub(r"[\s:：·/第共页\d]", "", text)


def test_signature_block_never_sits_alone_on_the_last_page(tmp_path):
    # Roles with 12..20 duties: their content ends at every height of a page, so without
    # keeping the signature block with what precedes it, some land it alone on a new page.
    org, roles, processes = small_org_data()
    for count in range(12, 21):
        roles[f"seller-{count}"] = {"title": f"置业顾问{count}", "department": "sales", "reports_to": "manager",
                                    "duties": [f"{DUTY}（{i}）" for i in range(count)]}
    out = tmp_path / "out"
    build_jd(write_org(tmp_path / "org", org, roles, processes), out, jobs=2)
    header_words = [org["organization"], "岗位说明书", "置业顾问"]
    multi_page = 0
    for count in range(12, 21):
        pages = _pages(out / "jd" / f"seller-{count}.pdf")
        if len(pages) < 2:
            continue
        multi_page += 1
        assert ZH_LABELS["signatures"] in pages[-1]
        rest = _without(pages[-1], SIGNATURE_WORDS + header_words)
        assert rest, f"seller-{count}: the signature block is alone on page {len(pages)}"
    assert multi_page >= 5  # the sweep really crosses page ends
