"""Document numbers (文号) such as 鄂市监处罚〔2026〕12号: prefix + type code + 〔year〕 + number + 号."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zhifa.errors import ValidationFailed

# Type codes as data: code → the document (市场监督管理行政处罚文书格式范本 names).  Provinces may add codes.
DOCUMENT_TYPES: dict[str, str] = {
    "处罚": "行政处罚决定书",
    "罚告": "行政处罚告知书",
    "不罚": "不予行政处罚决定书",
    "当罚": "当场行政处罚决定书",
    "立": "立案审批表",
    "不立": "不予立案审批表",
    "听告": "行政处罚听证告知书",
    "听通": "行政处罚听证通知书",
    "责改": "责令改正通知书",
    "责退": "责令退款通知书",
    "先保": "先行登记保存证据通知书",
    "解保": "解除先行登记保存证据通知书",
    "强制": "实施行政强制措施决定书",
    "延强": "延长行政强制措施期限决定书",
    "解强": "解除行政强制措施决定书",
    "检委": "检测、检验、检疫、鉴定委托书",
    "期告": "期间告知书",
    "缴款": "延期（分期）缴纳罚款通知书",
    "催告": "行政处罚决定履行催告书",
    "强申": "强制执行申请书",
    "送公": "行政处罚文书送达公告",
    "移": "案件移送函",
    "刑移": "涉嫌犯罪案件移送书",
    "协查": "协助调查函",
}

_NUMBER_RE = re.compile(r"^(?P<head>[^〔〕\s]+)〔(?P<year>\d{4})〕(?P<number>[1-9]\d*)号$")
_PREFIX_RE = re.compile(r"^[\u4e00-\u9fff]{1,20}$")


def _check_type(doc_type: str, types: dict[str, str]) -> None:
    if doc_type not in types:
        raise ValidationFailed(f"未知的文书类型代码“{doc_type}”", code="unknown_doc_type")


@dataclass(frozen=True)
class DocNumber:
    """One 文号; constructing it validates every part."""

    prefix: str
    doc_type: str
    year: int
    number: int

    def __post_init__(self) -> None:
        if not _PREFIX_RE.match(self.prefix):
            raise ValidationFailed(f"文号机关代字“{self.prefix}”应为1至20个汉字", code="bad_docno_prefix")
        _check_type(self.doc_type, DOCUMENT_TYPES)
        if not 2000 <= self.year <= 2100:
            raise ValidationFailed(f"文号年份 {self.year} 不合理", code="bad_docno_year")
        if self.number < 1:
            raise ValidationFailed("文号序号须为正整数", code="bad_docno_number")

    def __str__(self) -> str:
        return f"{self.prefix}{self.doc_type}〔{self.year}〕{self.number}号"

    @property
    def document_name(self) -> str:
        """Name of the document type, e.g. 行政处罚决定书."""
        return DOCUMENT_TYPES[self.doc_type]

    @classmethod
    def parse(cls, text: str) -> DocNumber:
        """Parse `鄂市监处罚〔2026〕12号`; the longest known type code at the end of the head wins."""
        cleaned = text.strip().replace("[", "〔").replace("]", "〕").replace("［", "〔").replace("］", "〕")
        match = _NUMBER_RE.match(cleaned)
        if match is None:
            raise ValidationFailed(
                f"文号“{text}”格式不正确，应如“鄂市监处罚〔2026〕12号”（年份用六角括号，序号不补零）",
                code="bad_docno",
            )
        head = match["head"]
        for code in sorted(DOCUMENT_TYPES, key=len, reverse=True):
            if head.endswith(code) and len(head) > len(code):
                return cls(head[: -len(code)], code, int(match["year"]), int(match["number"]))
        raise ValidationFailed(f"文号“{text}”中没有可识别的文书类型代码", code="unknown_doc_type")
