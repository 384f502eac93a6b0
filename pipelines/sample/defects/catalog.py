"""Which kinds of bad rows each source gets."""

from __future__ import annotations

from pipelines.sample.defects import Kind
from pipelines.sample.defects.cases import GRIEVANCE_KINDS, MEDIATION_KINDS
from pipelines.sample.defects.members import KINDS as MEMBER_KINDS
from pipelines.sample.defects.units import KINDS as UNIT_KINDS

KINDS: dict[str, list[Kind]] = {
    "units": UNIT_KINDS, "members": MEMBER_KINDS, "mediation": MEDIATION_KINDS, "grievances": GRIEVANCE_KINDS,
}
EFFECTS: dict[str, set[str]] = {}  # kind -> the effects it has across sources (reject | warn | duplicate)
for _kinds in KINDS.values():
    for _k in _kinds:
        EFFECTS.setdefault(_k.name, set()).add(_k.effect)
