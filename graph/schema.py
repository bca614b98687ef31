"""The graph contract shared by every part (networkx, stores, RDF, exports).

networkx convention (a `MultiDiGraph`):

* node key  = the node's ``id`` (ids are unique across labels, see the ``*_id`` helpers);
* node attrs: ``labels`` (tuple, primary label first, e.g. ``("Infrastructure", "Platform")``)
  plus the properties of the label; ``None`` means "no value" and is not written to stores;
* edge key  = relationship type; edge attrs: ``type`` plus the relationship's properties.

Property values are str, int, float, bool or lists of str/int, so that every store takes them.
Evidence spans are written as strings ``"start-end"`` (Neo4j has no nested lists).
"""

from __future__ import annotations

from typing import Final

from core import vocabulary

DOCUMENT: Final = "Document"
SECTION: Final = "Section"
TASK: Final = "Task"
AGENCY: Final = "Agency"
INFRASTRUCTURE: Final = "Infrastructure"
INFRASTRUCTURE_KINDS: Final = vocabulary.INFRASTRUCTURE_KINDS
NODE_LABELS: Final = (DOCUMENT, SECTION, TASK, AGENCY, INFRASTRUCTURE)

HAS_SECTION: Final = "HAS_SECTION"
HAS_TASK: Final = "HAS_TASK"
LEADS: Final = "LEADS"
RESPONSIBLE_FOR: Final = "RESPONSIBLE_FOR"
COOPERATES_ON: Final = "COOPERATES_ON"
INVOLVES: Final = "INVOLVES"
MEMBER_OF: Final = "MEMBER_OF"
SUCCEEDED_BY: Final = "SUCCEEDED_BY"
ROLE_TYPES: Final = vocabulary.ROLES
RELATIONSHIP_TYPES: Final = (HAS_SECTION, HAS_TASK, *ROLE_TYPES, INVOLVES, MEMBER_OF, SUCCEEDED_BY)


def section_id(document_id: str, number: int) -> str:
    return f"{document_id}/section/{number}"


def task_id(document_id: str, number: int) -> str:
    return f"{document_id}/task/{number}"


def agency_id(key: str) -> str:
    """The id of the Agency node of an agency key (``loaders.records``): ``agency/省发改委``,
    ``agency/福州市大数据委`` (whose ``name`` is 市大数据委 and ``qualified_name`` the key)."""
    # Stripped: FalkorDB's indexed equality never matches a value with outer whitespace.
    return f"agency/{key.strip()}"


def infrastructure_id(name: str) -> str:
    return f"infra/{name.strip()}"


def span_str(span: tuple[int, int]) -> str:
    return f"{span[0]}-{span[1]}"

