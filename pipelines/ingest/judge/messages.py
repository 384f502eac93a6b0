"""Plain Chinese sentences for every reason code, shown beside the stable English code."""

from __future__ import annotations

MESSAGES_ZH: dict[str, str] = {
    # whole files
    "bad_file_name": "文件名须以提交日期开头，如 20261031_城关镇调解台账.csv",
    "bad_encoding": "文件编码无法识别，请另存为 UTF-8 或 GB18030（GBK）编码的 CSV",
    "missing_column": "缺少必填列，请按标准表头补齐后重新提交",
    "unreadable": "文件无法打开，请确认是 CSV 或 XLSX 格式",
    "empty": "文件中没有数据行",
    "bad_regions": "组织机构表不符合规则（代码重复、县级不唯一或上级代码有误），整表未采用",
    "duplicate_file": "与已导入的文件内容完全相同，未重复导入",
    # rows
    "missing_value": "必填项为空",
    "bad_date": "日期无法识别，应写作 2026-10-31、2026/10/31、20261031 或 2026年10月31日",
    "bad_datetime": "时间无法识别，应写作日期加时分，如 2026-10-31 08:30",
    "bad_integer": "应为整数",
    "bad_amount": "金额无法识别，应为数字，可带千分位逗号和“元”",
    "bad_boolean": "应填 是/否、Y/N、1/0 或 true/false",
    "bad_enum": "不是规定的选项，请按代码或中文名称填写",
    "bad_id_number": "身份证号无效（位数、校验位或出生日期有误）",
    "bad_uscc": "统一社会信用代码无效（字符或校验位有误）",
    "future_date": "日期晚于本批次提交日期",
    "out_of_range": "数值超出允许范围",
    "unknown_org": "乡镇（系统）代码不在组织机构表中",
    "unknown_village": "村代码不在组织机构表中",
    "no_affiliation": "工作单位代码和户籍村至少填写一项",
    "founded_missing": "已建会但未填写建会日期",
    "members_without_union": "未建会的单位会员人数应为 0",
    "village_missing": "村级单位须填写所在村",
    "left_before_joined": "离会日期早于入会日期",
    "closed_when_pending": "在办案件不应有结案日期",
    "closed_missing": "已结案件须填写结案日期",
    "closed_before_received": "结案（办结）日期早于受理日期",
    "agreed_without_success": "只有调解成功的案件才填写调解金额",
    "responded_before_received": "首次响应时间早于受理时间",
    "resolved_missing": "已办结的诉求须填写是否解决",
    "conflicting_duplicate": "同一文件中同一编号出现多次且内容不一致，请核对后只保留一行",
    # warnings (the row is kept)
    "members_exceed_employees": "会员人数多于职工人数（提醒）",
    "gender_mismatch": "性别与身份证号第 17 位不一致（提醒）",
    "bad_phone": "联系电话不是以 1 开头的 11 位号码（提醒）",
    "unknown_employer": "用人单位不在单位建会情况表中（提醒）",
}


def message_zh(code: str) -> str:
    """The Chinese sentence for a reason code (the code itself if none is written yet)."""
    return MESSAGES_ZH.get(code, code)
