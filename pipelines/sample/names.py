"""Plausible Chinese names in bulk: people (surname + one or two given characters) and workplaces."""

from __future__ import annotations

import numpy as np
import polars as pl

# Common surnames, roughly by frequency in north China (weights are relative).
SURNAMES = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁"
                "魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤"
                "尹黎易常武乔贺赖龚文牛霍申温耿")
SURNAME_WEIGHTS = np.concatenate([np.array([9, 9, 8, 6, 5, 4, 4, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 3, 2]),
                                  np.ones(len(SURNAMES) - 19)]).astype(float)
MALE_CHARS = list("伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林峰建国志文海东亮晨阳"
                  "斌彬博成德栋广贵江金锦康坤雷立良茂楠鹏庆瑞胜松泰卫武祥兴亚岩毅永振忠")
FEMALE_CHARS = list("芳娜敏静丽艳娟霞燕玲婷雪慧红梅琳洁颖倩莉萍丹蕾佳晶月英玉兰凤秀桂琴云"
                    "春秋荣欣悦怡璐瑶露薇嘉琪璇婧妍彤菲")
BRANDS = ["宏达", "鑫源", "华泰", "金鼎", "恒通", "永兴", "瑞丰", "天成", "兴业", "汇通", "中晟", "长荣",
          "晋源", "太岳", "润泽", "鼎盛", "惠民", "通达", "联盛", "新星", "广源", "福瑞", "利民", "安泰",
          "盛世", "泰和", "诚信", "嘉禾", "正大", "隆盛", "沁河", "灵空", "绿源", "宏伟", "东方", "宝丰"]
TRADES = ["煤业", "建材", "机械制造", "食品", "物流", "商贸", "建筑工程", "农业科技", "化工", "纺织", "电子",
          "汽车服务", "酒店管理", "医药", "印刷", "矿业", "焦化", "水泥", "养殖", "家具", "物业管理", "餐饮管理",
          "电力工程", "运输", "中药材", "农产品", "装饰工程", "环保科技", "劳务派遣", "保安服务"]
FIRM_SUFFIXES = ["有限公司", "有限责任公司", "股份有限公司", "有限公司", "有限公司"]
INSTITUTIONS = ["中心小学", "初级中学", "中心幼儿园", "卫生院", "农业技术推广站", "文化站", "林业站",
                "水利站", "畜牧兽医站", "便民服务中心", "第一中学", "第二中学", "职业中学", "人民医院", "中医院",
                "疾病预防控制中心", "妇幼保健院", "广播电视台", "图书馆", "博物馆"]
OFFICES = ["人民政府", "党委办公室", "财政所", "司法所", "派出所", "市场监管所", "税务所", "自然资源所",
           "人力资源和社会保障局", "教育局", "卫生健康局", "交通运输局", "住房和城乡建设局", "农业农村局",
           "商务局", "应急管理局", "民政局", "统计局", "审计局", "档案馆"]
SOCIETIES = ["个体劳动者协会", "建筑业协会", "物流协会", "餐饮行业协会", "律师事务所", "会计师事务所", "慈善协会",
             "养老服务中心", "家政服务协会", "农机合作协会", "书画协会", "老年大学", "社会工作服务中心"]


def _pick(words: list[str], idx: np.ndarray) -> pl.Series:
    return pl.Series(words, dtype=pl.String).gather(idx)


def person_names(rng: np.random.Generator, male: np.ndarray) -> pl.Series:
    """A name per person; given characters suit the gender; about 60% have two given characters."""
    n = len(male)
    p = SURNAME_WEIGHTS / SURNAME_WEIGHTS.sum()
    surname = _pick(SURNAMES, rng.choice(len(SURNAMES), n, p=p))
    pools = (np.array(MALE_CHARS), np.array(FEMALE_CHARS))
    first = np.where(male, pools[0][rng.integers(0, len(pools[0]), n)], pools[1][rng.integers(0, len(pools[1]), n)])
    second = np.where(male, pools[0][rng.integers(0, len(pools[0]), n)], pools[1][rng.integers(0, len(pools[1]), n)])
    second = np.where(rng.random(n) < 0.6, second, "")
    return surname + pl.Series(first, dtype=pl.String) + pl.Series(second, dtype=pl.String)


def unit_names(rng: np.random.Generator, unit_type: np.ndarray, place: pl.Series, county_name: str) -> pl.Series:
    """A workplace name fitting its type: firms, schools and clinics, offices, societies, village committees.

    `place` is the township or village name the unit is named after (village committees, township
    institutions and offices); county-level units carry the county's name instead.
    """
    n = len(unit_type)
    town = pl.Series(np.where(rng.random(n) < 0.5, county_name, place.to_numpy()), dtype=pl.String)
    firm = (_pick([county_name, "山西", ""], rng.integers(0, 3, n)) + _pick(BRANDS, rng.integers(0, len(BRANDS), n))
            + _pick(TRADES, rng.integers(0, len(TRADES), n)) + _pick(FIRM_SUFFIXES, rng.integers(0, 5, n)))
    inst = town + _pick(INSTITUTIONS, rng.integers(0, len(INSTITUTIONS), n))
    office = town + _pick(OFFICES, rng.integers(0, len(OFFICES), n))
    society = pl.Series([county_name] * n, dtype=pl.String) + _pick(SOCIETIES, rng.integers(0, len(SOCIETIES), n))
    village = place + "村民委员会"
    frame = pl.DataFrame({"t": unit_type, "firm": firm, "inst": inst, "office": office, "soc": society, "vil": village})
    return frame.select(
        pl.when(pl.col("t") == "enterprise").then("firm")
        .when(pl.col("t") == "institution").then("inst")
        .when(pl.col("t") == "government").then("office")
        .when(pl.col("t") == "social_org").then("soc")
        .otherwise("vil")
    ).to_series()
