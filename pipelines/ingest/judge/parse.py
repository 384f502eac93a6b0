"""Typed parsing of whole columns with Polars expressions: one function per type of the standard.

Each `parse_*` takes the cleaned text column (see `cleaned`) and returns an expression of the typed
value, null where the text is null or does not parse; `rules.py` compares the two to find bad cells.
"""

from __future__ import annotations

from itertools import product

import polars as pl

from pipelines.ingest.judge.identifiers import id_number_valid, uscc_valid
from pipelines.ingest.read.sheet import XL
from pipelines.ingest.specs import Column

NULL_SPELLINGS = ["", "-", "/", "无", "null", "n/a"]
# Every upper/lower-case spelling of those: matching them spares lower-casing every cell (no other
# character lower-cases to one of their letters).
NULL_CASES = sorted({"".join(p) for s in NULL_SPELLINGS for p in product(*({ch.lower(), ch.upper()} for ch in s))})

_D = r"(\d{4})-(\d{1,2})-(\d{1,2})|(\d{4})/(\d{1,2})/(\d{1,2})|(\d{4})\.(\d{1,2})\.(\d{1,2})|(\d{4})(\d{2})(\d{2})|(\d{4})年(\d{1,2})月(\d{1,2})日"
DATE_RE = rf"^(?:{_D})$"
DATETIME_RE = rf"^(?:{_D})\s*(\d{{1,2}}):(\d{{2}})(?::(\d{{2}}))?$"
USUAL_DATETIME_RE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}(?::[0-9]{2})?$"
INTEGER_RE = r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.0+)?$"
AMOUNT_RE = r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$"
TRUE_WORDS = ["是", "y", "1", "true"]
FALSE_WORDS = ["否", "n", "0", "false"]


# Text made only of these characters is left as it is by NFKC (no compatibility forms, nothing to compose):
# ASCII and the CJK Unified Ideographs, which is what most names and addresses are written in.
NFKC_STABLE_RE = r"^[\x00-\x7F\u4E00-\u9FFF]*$"


def nfkc_stable(values: pl.Series) -> bool:
    """True when NFKC leaves every value of a text column as it is (checked cheaply for ASCII first)."""
    if values.str.len_bytes().sum() == values.str.len_chars().sum():
        return True
    return bool(values.str.contains(NFKC_STABLE_RE).fill_null(True).all())


def cleaned(name: str, ascii_only: bool = False) -> pl.Expr:
    """A cell as compared: NFKC (full-width digits and letters become ASCII), trimmed, null spellings null.

    `ascii_only`: the caller has checked that NFKC leaves every value as it is (`nfkc_stable`).
    """
    text = pl.col(name) if ascii_only else pl.col(name).str.normalize("NFKC")
    text = text.str.strip_chars()
    return pl.when(text.is_in(NULL_CASES)).then(None).otherwise(text)


def _date_text(groups: pl.Expr) -> pl.Expr:
    """'YYYY-MM-DD' from the regex groups of whichever date spelling matched."""
    y = pl.coalesce(groups.struct.field(f"{i}") for i in (1, 4, 7, 10, 13))
    m = pl.coalesce(groups.struct.field(f"{i}") for i in (2, 5, 8, 11, 14))
    d = pl.coalesce(groups.struct.field(f"{i}") for i in (3, 6, 9, 12, 15))
    return pl.concat_str([y, m.str.zfill(2), d.str.zfill(2)], separator="-")


def parse_date(text: pl.Expr, excel: pl.Expr | None = None) -> pl.Expr:
    """A date from any spelling the standard allows, or from an Excel date cell at midnight."""
    groups = text.str.extract_groups(DATE_RE)
    parsed = _date_text(groups).str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    if excel is None:
        return parsed
    cell = pl.when(excel.dt.time() == pl.time(0)).then(excel.dt.date())
    return pl.when(excel.is_not_null()).then(cell).otherwise(parsed)


def parse_datetime(text: pl.Expr, excel: pl.Expr | None = None) -> pl.Expr:
    """A datetime: a date then HH:MM or HH:MM:SS (a bare date is not one), or an Excel datetime cell.

    The usual spelling (2026-10-31 08:30[:15]) is read directly; only the other rows go through the
    regex of every spelling, which reads the usual one the same way.
    """
    usual = text.str.contains(USUAL_DATETIME_RE)
    direct = pl.when(usual).then(pl.when(text.str.len_bytes() == 16).then(text + ":00").otherwise(text))
    parsed = pl.when(usual).then(direct.str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M:%S", strict=False)) \
        .otherwise(_any_datetime(pl.when(~usual).then(text)))
    if excel is None:
        return parsed
    return pl.when(excel.is_not_null()).then(excel.cast(pl.Datetime("us"))).otherwise(parsed)


def _any_datetime(text: pl.Expr) -> pl.Expr:
    """A datetime from any spelling the standard allows."""
    groups = text.str.extract_groups(DATETIME_RE)
    clock = pl.concat_str([
        groups.struct.field("16").str.zfill(2),
        groups.struct.field("17"),
        groups.struct.field("18").fill_null("00"),
    ], separator=":")
    stamp = pl.concat_str([_date_text(groups), clock], separator=" ")
    return stamp.str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M:%S", strict=False)


def _number_text(text: pl.Expr) -> pl.Expr:
    """The text of a number without its trailing 元."""
    return text.str.strip_suffix("元").str.strip_chars()


def parse_integer(text: pl.Expr) -> pl.Expr:
    """A whole number, thousands separators and a trailing 元 allowed ('12.0' reads as 12)."""
    t = _number_text(text)
    return pl.when(t.str.contains(INTEGER_RE)).then(
        t.str.replace_all(",", "").str.replace(r"\.0+$", "").cast(pl.Int64, strict=False)
    )


def parse_amount(text: pl.Expr) -> pl.Expr:
    """An amount in yuan: digits, thousands separators, decimals and a trailing 元 allowed."""
    t = _number_text(text)
    return pl.when(t.str.contains(AMOUNT_RE)).then(t.str.replace_all(",", "").cast(pl.Float64, strict=False))


def parse_boolean(text: pl.Expr) -> pl.Expr:
    """是/否, Y/N, 1/0, true/false in any case."""
    t = text.str.to_lowercase()
    return pl.when(t.is_in(TRUE_WORDS)).then(True).when(t.is_in(FALSE_WORDS)).then(False)


def parse_enum(text: pl.Expr, labels: dict[str, str]) -> pl.Expr:
    """The code of an enumeration, written as the code (any case) or as its Chinese label."""
    mapping = {code.lower(): code for code in labels} | {label.lower(): code for code, label in labels.items()}
    return text.str.to_lowercase().replace_strict(mapping, default=None, return_dtype=pl.String)


def parse_id_number(text: pl.Expr) -> pl.Expr:
    """An ID number with a valid check character and birth date (lowercase x made X), else null."""
    t = text.str.to_uppercase()
    return pl.when(id_number_valid(t)).then(t)


def parse_uscc(text: pl.Expr) -> pl.Expr:
    """A USCC with a valid check character (upper-cased first), else null."""
    t = text.str.to_uppercase()
    return pl.when(uscc_valid(t)).then(t)


def parse_column(col: Column, text: pl.Expr, excel: pl.Expr | None) -> pl.Expr:
    """The typed value of one column from its cleaned text."""
    match col.kind:
        case "date":
            return parse_date(text, excel)
        case "datetime":
            return parse_datetime(text, excel)
        case "integer":
            return parse_integer(text)
        case "amount":
            return parse_amount(text)
        case "boolean":
            return parse_boolean(text)
        case "enum":
            return parse_enum(text, col.labels)
        case "id_number":
            return parse_id_number(text)
        case "uscc":
            return parse_uscc(text)
        case "code":
            return text.str.to_uppercase()
        case _:
            return text


def excel_shadow(col: Column, columns: list[str]) -> pl.Expr | None:
    """The Excel date/time shadow column of `col`, when the file had one."""
    return pl.col(col.name + XL) if col.name + XL in columns else None
