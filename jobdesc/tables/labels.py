"""Labels every tabular print-out shares (its title block, list punctuation)."""

COMMON_ZH = {"effective": "生效日期", "version": "版本", "approved_by": "批准", "list_sep": "、"}
COMMON_EN = {"effective": "Effective", "version": "Version", "approved_by": "Approved by", "list_sep": ", "}
