"""Labels every tabular print-out shares (its title block, list punctuation)."""

COMMON_ZH = {"effective": "生效日期", "version": "版本", "approved_by": "批准", "list_sep": "、", "colon": "："}
COMMON_EN = {"effective": "Effective", "version": "Version", "approved_by": "Approved by", "list_sep": ", ",
             "colon": ": "}


def title_block(handbook, labels: dict[str, str]) -> list[str]:
    """'生效日期：2026-01-01', '版本：1.0', … for the handbook fields that are set."""
    fields = (("effective", handbook.effective), ("version", handbook.version), ("approved_by", handbook.approved_by))
    return [f"{labels[key]}{labels['colon']}{value}" for key, value in fields if value]
