"""What publishing a period gives back: where the package is, and a few headline figures to print."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pipelines.publish.sdmx import Observation

# The county figures the CLI prints after publishing, with their Chinese names.
HEADLINE_CODES: dict[str, str] = {
    "COV_ESTABLISHMENT_RATE": "建会率",
    "COV_MEMBERSHIP_RATE": "入会率",
    "MED_SUCCESS_RATE": "调解成功率",
    "GRV_RESPONDED_24H_RATE": "诉求24小时响应率",
}


@dataclass(frozen=True)
class Headline:
    """One county figure as published: OBS_VALUE text ('' when missing) and OBS_STATUS."""

    code: str
    label_zh: str
    value: str
    status: str

    def text(self) -> str:
        """'建会率 71.43%', '调解成功率 75.00%（基数小）' or '诉求24小时响应率 无数据'."""
        if self.status == "M" or not self.value:
            return f"{self.label_zh} 无数据"
        percent = f"{Decimal(self.value).scaleb(2):f}%"
        return f"{self.label_zh} {percent}" + ("（基数小）" if self.status == "U" else "")


@dataclass(frozen=True)
class PublishResult:
    """One published version: `created` is False when the content was unchanged and the old version stands."""

    county_code: str
    period: str
    version: int
    path: Path  # the folder holding indicators.csv and manifest.json
    created: bool
    observations: int
    indicators_sha256: str
    headline: tuple[Headline, ...]

    def summary(self) -> str:
        """One line for the officer: what was published, where, and the headline figures."""
        what = "新版本" if self.created else "内容未变，沿用已有版本"
        figures = "；".join(h.text() for h in self.headline)
        return (f"{self.county_code} {self.period} v{self.version}（{what}）：{self.observations} 项指标，"
                f"{figures} → {self.path}")


def headline(obs: list[Observation], county: str) -> tuple[Headline, ...]:
    """The county's headline figures, in HEADLINE_CODES order."""
    by_code = {o.indicator: o for o in obs if o.ref_area == county}
    return tuple(Headline(code, label, by_code[code].value, by_code[code].status)
                 for code, label in HEADLINE_CODES.items() if code in by_code)
