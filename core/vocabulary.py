"""The graph's closed vocabularies, written once: the roles an agency has on a task and the
kinds of infrastructure. Records (``loaders``), the graph contract (``graph.schema``) and
the API's models all take them from here.

>>> ROLES
('LEADS', 'RESPONSIBLE_FOR', 'COOPERATES_ON')
"""

from __future__ import annotations

from typing import Final, Literal, get_args

Relation = Literal["LEADS", "RESPONSIBLE_FOR", "COOPERATES_ON"]
InfrastructureKind = Literal["Platform", "DataCenter", "Network", "Park", "System", "Database"]

ROLES: Final[tuple[str, ...]] = get_args(Relation)
INFRASTRUCTURE_KINDS: Final[tuple[str, ...]] = get_args(InfrastructureKind)
