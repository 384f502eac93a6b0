"""The sample county's organisation: 14 townships, 8 sectoral systems and 254 villages under the townships."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

COUNTY_CODE = "140431"
COUNTY_NAME = "青山县"
TOWNSHIPS = ["城关镇", "龙泉镇", "石门镇", "柳林镇", "河西乡", "青龙镇", "杏园乡", "白石乡", "东庄镇", "马坊镇",
             "南河乡", "北岭乡", "官滩乡", "桃源镇"]
# Relative size of each township (the county seat is by far the largest).
TOWNSHIP_WEIGHTS = [6.0, 2.0, 1.6, 1.5, 0.8, 1.2, 0.7, 0.6, 1.1, 1.0, 0.7, 0.6, 0.5, 0.9]
SYSTEMS = ["教育系统", "卫生健康系统", "交通运输系统", "住房和城乡建设系统", "工业和信息化系统", "农业农村系统",
           "商务和粮食系统", "县直机关"]
VILLAGES = 254
# Village names: an optional direction, a stem, a landscape ending.
VILLAGE_PREFIXES = ["", "东", "西", "南", "北", "上", "下", "前", "后", "大", "小", "新"]
VILLAGE_STEMS = list("王李张刘赵郭武杨孙马白韩冯程史段贾牛霍胡崔柳杏桃槐松石沙河泉龙凤官")
VILLAGE_ENDINGS = ["庄", "家庄", "沟", "峪", "坪", "岭", "河", "湾", "寨", "村", "堡", "窑", "坡", "渠", "头"]


@dataclass(frozen=True)
class County:
    """Codes and names of the county and its organisations (townships, systems, villages)."""

    code: str
    name: str
    townships: pl.DataFrame  # code, name, weight
    systems: pl.DataFrame  # code, name
    villages: pl.DataFrame  # code, name, township

    @property
    def orgs(self) -> pl.DataFrame:
        """Townships then systems: code, name, level."""
        return pl.concat([
            self.townships.select("code", "name", pl.lit("township").alias("level")),
            self.systems.select("code", "name", pl.lit("system").alias("level")),
        ])

    def regions(self) -> pl.DataFrame:
        """The regions table as submitted: code, name, level, parent_code."""
        return pl.concat([
            pl.DataFrame({"code": [self.code], "name": [self.name], "level": ["county"],
                          "parent_code": [None]}, schema_overrides={"parent_code": pl.String}),
            self.orgs.with_columns(pl.lit(self.code).alias("parent_code")),
            self.villages.select("code", "name", pl.lit("village").alias("level"),
                                 pl.col("township").alias("parent_code")),
        ])


def _village_names(rng: np.random.Generator, n: int) -> list[str]:
    """n distinct village names."""
    combos = [p + s + e + ("" if e.endswith("村") else "村")
              for p in VILLAGE_PREFIXES for s in VILLAGE_STEMS for e in VILLAGE_ENDINGS]
    combos = sorted(set(combos))
    return [combos[i] for i in rng.choice(len(combos), n, replace=False)]


def sample_county(seed: int) -> County:
    """The county: fixed townships and systems; villages spread over townships by size, names seeded."""
    rng = np.random.default_rng([seed, 1])
    t_codes = [f"{COUNTY_CODE}{100 + i}" for i in range(len(TOWNSHIPS))]
    townships = pl.DataFrame({"code": t_codes, "name": TOWNSHIPS, "weight": TOWNSHIP_WEIGHTS})
    systems = pl.DataFrame({"code": [f"{COUNTY_CODE}S{i + 1:02d}" for i in range(len(SYSTEMS))], "name": SYSTEMS})
    # Every township has villages; the rest follow the square root of its size.
    share = np.sqrt(TOWNSHIP_WEIGHTS) / np.sqrt(TOWNSHIP_WEIGHTS).sum()
    counts = 8 + rng.multinomial(VILLAGES - 8 * len(TOWNSHIPS), share)
    v_codes = [f"{t}{201 + k}" for t, c in zip(t_codes, counts) for k in range(c)]
    parents = [t for t, c in zip(t_codes, counts) for _ in range(c)]
    villages = pl.DataFrame({"code": v_codes, "name": _village_names(rng, VILLAGES), "township": parents})
    return County(COUNTY_CODE, COUNTY_NAME, townships, systems, villages)
