"""The SQL that lists one figure's records: the same views the indicators are summed from."""

from __future__ import annotations

from pipelines.explain.roles import ROLES, SOURCES, Role, balance_family

COLUMNS = ("role", "record", "key", "id_masked", "org_code", "area_reason", "amount", "value", "detail",
           "file_name", "batch_date", "row_number")


def _role_select(role: Role) -> str:
    """One role's rows in the area bound as $area, in the listing's columns."""
    src = SOURCES[role.source]
    amount = f"CAST(v.{role.amount} AS DOUBLE)" if role.amount else "NULL::DOUBLE"
    value = f"CAST(v.{role.value} AS DOUBLE)" if role.value else "NULL::DOUBLE"
    flag = "true" if role.flag == "true" else f"v.{role.flag}"
    return (
        f"SELECT '{role.role}' AS role, '{src.record}' AS record, {src.key} AS key, "
        f"{src.id_masked}::VARCHAR AS id_masked, v.org_code::VARCHAR AS org_code, {src.area_reason} AS area_reason, "
        f"{amount} AS amount, {value} AS value, {src.detail} AS detail, "
        "v.file_name::VARCHAR AS file_name, v.batch_date::DATE AS batch_date, v.row_number::BIGINT AS row_number "
        f"FROM {src.view} v JOIN ind_scope s ON s.org_code IS NOT DISTINCT FROM v.org_code "
        f"WHERE s.ref_area = $area AND {flag}"
    )


def _rates_select(family: str) -> str:
    """The per-area rates of a balance family: the set's rates, then the county's own."""
    return (
        "SELECT CASE WHEN r.in_set THEN 'rate' ELSE 'county_rate' END AS role, 'area' AS record, "
        "r.ref_area AS key, NULL::VARCHAR AS id_masked, r.ref_area AS org_code, r.level AS area_reason, "
        "NULL::DOUBLE AS amount, r.x AS value, "
        "r.num || '/' || r.den || CASE WHEN r.laggard THEN '; laggard 落后' ELSE '' END AS detail, "
        "NULL::VARCHAR AS file_name, NULL::DATE AS batch_date, NULL::BIGINT AS row_number "
        f"FROM ind_rec_rates r WHERE r.family = '{family}' AND (r.in_set OR r.level = 'county') "
        # balance figures exist for the county alone (published() refuses other areas)
        "AND $area IS NOT NULL"
    )


def records_sql(code: str, ordered: bool = True) -> str:
    """The listing of `code` in the area bound as $area (numerator rows first when `ordered`)."""
    family = balance_family(code)
    selects = _rates_select(family) if family else " UNION ALL ".join(_role_select(r) for r in ROLES[code])
    return f"SELECT * FROM ({selects})" + (" ORDER BY role DESC, key" if ordered else "")
