"""Response models of the HTTP API (FastAPI full-stack template style).

One family per resource: ``XPublic`` for one item, ``XsPublic(data, count)`` for a page,
where ``count`` is the total number of matches (not the page size). Every model carries an
example so the OpenAPI document shows what a client gets back.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from core.vocabulary import Relation

_TASK_11_CLAUSE = "（省经济信息中心、泉州市政府、安溪县政府、省电子信息集团、各电信运营商负责）"


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


def _page_example(item: type[BaseModel]) -> ConfigDict:
    """A page holding the item model's first example."""
    extra = item.model_config.get("json_schema_extra")
    examples = extra.get("examples") if isinstance(extra, dict) else None
    first = examples[:1] if isinstance(examples, list) else []
    return _examples({"data": first, "count": 1})


# --- errors ------------------------------------------------------------------------------


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. not_found, invalid_request.")
    message: str = Field(description="One line for people.")
    details: list[dict[str, Any]] | None = Field(
        default=None, description="Per-field problems of an invalid request (422 only)."
    )


class ErrorPublic(BaseModel):
    """The one shape of every error response."""

    model_config = _examples(
        {"error": {"code": "not_found", "message": "no task with id 'doc-2015-5fcb5c5c/task/99'"}}
    )
    error: ErrorDetail


# --- health ------------------------------------------------------------------------------


class HealthPublic(BaseModel):
    model_config = _examples(
        {"status": "ok", "store": "falkordb", "reachable": True, "documents": 1,
         "version": "0.1.0"}
    )
    status: Literal["ok", "degraded"] = Field(
        description="ok when the store answers and holds at least one document."
    )
    store: str = Field(description="Store backend name.")
    reachable: bool
    documents: int = Field(description="Documents loaded in the store.")
    version: str = Field(description="Version of this package.")
    detail: str | None = Field(default=None, description="Why the status is degraded.")


class LivenessPublic(BaseModel):
    model_config = _examples({"status": "alive", "version": "0.1.0"})
    status: Literal["alive"] = Field(description="Always alive: the API process answers.")
    version: str = Field(description="Version of this package.")


# --- documents ---------------------------------------------------------------------------


class DocumentPublic(BaseModel):
    model_config = _examples(
        {
            "id": "doc-2015-5fcb5c5c",
            "title": "福建省人民政府办公厅关于印发2015年数字福建工作要点的通知",
            "plan_title": "2015年数字福建工作要点",
            "issuer": "福建省人民政府办公厅",
            "year": 2015,
            "published": "2015-02-28",
            "signed": "2015-02-17",
            "doc_number": None,
            "source": "2015-digital-fujian-work-points.txt",
            "sha256": "9c76920388fb69b4d50062d2c7b4ea06bb2a039d1a1d88f516022a1f91a1434e",
            "place": "福建省",
            "task_count": 38,
            "quality": {"missing_tasks": [24, 25], "missing_sections": [4], "conflicts": [1, 7]},
        }
    )
    id: str
    title: str | None = None
    plan_title: str | None = None
    issuer: str | None = None
    year: int | None = None
    published: str | None = Field(default=None, description="ISO date of publication.")
    signed: str | None = Field(default=None, description="ISO date of signing.")
    doc_number: str | None = Field(default=None, description="文号, when the document has one.")
    source: str | None = Field(default=None, description="File name the document was read from.")
    sha256: str | None = None
    place: str | None = Field(default=None, description="Province or city issuing the plan "
                              "(福建省, 福州市), when it can be told.")
    task_count: int | None = None
    quality: dict[str, Any] | None = Field(
        default=None,
        description="Data-quality report of reading the document (missing tasks and sections, "
        "conflicts, orphan clauses, repairs); null when unknown.",
    )


class DocumentsPublic(BaseModel):
    model_config = _page_example(DocumentPublic)
    data: list[DocumentPublic]
    count: int


# --- tasks -------------------------------------------------------------------------------


class TaskAgency(BaseModel):
    id: str
    name: str
    qualified_name: str | None = Field(
        default=None, description="The name qualified by its place (福州市大数据委), when bodies "
        "of several places share the short name; absent when the name is unique.")
    relation: Relation
    verb: str | None = Field(default=None, description="The word of the clause: 牵头, 负责, 配合.")
    occurrences: int | None = Field(
        default=None, description="How many copies of the task carried this responsibility."
    )
    inherited: bool | None = Field(
        default=None, description="True when a table row named no unit and took this one from "
        "the row above (a merged cell); absent otherwise.")
    evidence: list[str] = Field(
        default_factory=list, description="Character spans 'start-end' into the source text."
    )
    quotes: list[str] = Field(
        default_factory=list, description="The quoted clause text at each evidence span."
    )


class TaskInfrastructure(BaseModel):
    id: str
    name: str
    kind: str | None = None
    action: str | None = Field(default=None, description="Verb in front of it: 建设, 升级, 完善 …")
    evidence: list[str] = Field(default_factory=list)


class TaskPublic(BaseModel):
    model_config = _examples(
        {
            "id": "doc-2015-5fcb5c5c/task/11",
            "document_id": "doc-2015-5fcb5c5c",
            "number": 11,
            "section": 2,
            "title": "升级现有政务云平台",
            "text": "升级现有政务云平台，加快建设……数字福建（长乐）云计算中心，启动建设海峡国际大数据中心。",
            "occurrences": 2,
            "conflict": False,
            "agencies": [
                {"id": "agency/省经济信息中心", "name": "省经济信息中心", "relation": "LEADS",
                 "verb": "负责", "occurrences": 2, "evidence": ["1197-1235", "3108-3146"],
                 "quotes": [_TASK_11_CLAUSE, _TASK_11_CLAUSE]}
            ],
            "infrastructure": [
                {"id": "infra/政务云平台", "name": "政务云平台", "kind": "Platform", "action": "升级",
                 "evidence": ["1128-1133", "3039-3044"]}
            ],
            "evidence": [_TASK_11_CLAUSE],
        }
    )
    id: str
    document_id: str | None = None
    number: int
    section: int | None = Field(default=None, description="Section number; null when unknown.")
    title: str | None = None
    text: str | None = None
    occurrences: int | None = Field(default=None, description="Copies of the task merged.")
    conflict: bool | None = Field(
        default=None, description="True when copies carried different responsibility clauses."
    )
    agencies: list[TaskAgency] = Field(default_factory=list)
    infrastructure: list[TaskInfrastructure] = Field(default_factory=list)
    evidence: list[str] = Field(
        default_factory=list,
        description="The distinct responsibility clauses quoted from the source, in order.",
    )


class TasksPublic(BaseModel):
    model_config = _page_example(TaskPublic)
    data: list[TaskPublic]
    count: int = Field(description="Total number of matching tasks (all pages).")
    hint: str | None = Field(
        default=None, exclude_if=lambda v: v is None,
        description="Only when no task matched and `agency` names no agency: says so, with the "
        "nearest names in the store and the registry.")


# --- agencies ----------------------------------------------------------------------------


class TaskCounts(BaseModel):
    LEADS: int = 0
    RESPONSIBLE_FOR: int = 0
    COOPERATES_ON: int = 0
    total: int = Field(default=0, description="Distinct tasks in any role.")


class AgencyPublic(BaseModel):
    model_config = _examples(
        {
            "id": "agency/省发改委",
            "name": "省发改委",
            "full_name": "福建省发展和改革委员会",
            "name_en": "Fujian Provincial Development and Reform Commission",
            "kind": "provincial_department",
            "aliases": ["发改委", "省发展改革委"],
            "tasks": {"LEADS": 14, "RESPONSIBLE_FOR": 0, "COOPERATES_ON": 0, "total": 14},
            "degree": 14,
            "betweenness": 0.022669,
        }
    )
    id: str
    name: str = Field(description="Canonical short name (省发改委, 市大数据委).")
    qualified_name: str | None = Field(
        default=None, description="The name qualified by its place (福州市大数据委), when bodies "
        "of several places share the short name; absent when the name is unique.")
    full_name: str | None = None
    name_en: str | None = None
    kind: str | None = None
    aliases: list[str] = Field(default_factory=list)
    tasks: TaskCounts = Field(default_factory=TaskCounts, description="Task counts per relation.")
    degree: int | None = Field(default=None, description="Degree in the graph (networkx).")
    betweenness: float | None = Field(default=None, description="Betweenness centrality.")


class AgenciesPublic(BaseModel):
    model_config = _page_example(AgencyPublic)
    data: list[AgencyPublic]
    count: int


_TASK_LABEL = "Task reference as printed (\"11\", \"1.3.2\")."


class TaskRef(BaseModel):
    id: str
    number: int
    label: str | None = Field(default=None, description=_TASK_LABEL)
    title: str | None = None
    verb: str | None = None


class PartnerPublic(BaseModel):
    id: str
    name: str
    qualified_name: str | None = Field(
        default=None, description="The name qualified by its place (福州市大数据委), when bodies "
        "of several places share the short name; absent when the name is unique.")
    shared_tasks: int = Field(description="Tasks both agencies hold a role on.")


class AgencyTasks(BaseModel):
    LEADS: list[TaskRef] = Field(default_factory=list)
    RESPONSIBLE_FOR: list[TaskRef] = Field(default_factory=list)
    COOPERATES_ON: list[TaskRef] = Field(default_factory=list)


class AgencyDetailPublic(AgencyPublic):
    model_config = _examples(
        {
            "id": "agency/省发改委",
            "name": "省发改委",
            "full_name": "福建省发展和改革委员会",
            "kind": "provincial_department",
            "aliases": ["发改委"],
            "tasks": {"LEADS": 14, "RESPONSIBLE_FOR": 0, "COOPERATES_ON": 0, "total": 14},
            "by_relation": {
                "LEADS": [{"id": "doc-2015-5fcb5c5c/task/1", "number": 1,
                           "title": "深化数字福建建设体制机制改革", "verb": "牵头"}],
                "RESPONSIBLE_FOR": [],
                "COOPERATES_ON": [],
            },
            "partners": [{"id": "agency/省数字办", "name": "省数字办", "shared_tasks": 9}],
        }
    )
    by_relation: AgencyTasks = Field(default_factory=AgencyTasks,
                                     description="The agency's tasks grouped by relation.")
    partners: list[PartnerPublic] = Field(
        default_factory=list, description="Agencies sharing tasks with it, most shared first."
    )


# --- infrastructure ----------------------------------------------------------------------


class InfrastructurePublic(BaseModel):
    model_config = _examples(
        {"id": "infra/政务云平台", "name": "政务云平台", "kind": "Platform", "tasks_total": 1,
         "degree": 1, "betweenness": 0.0}
    )
    id: str
    name: str
    kind: str | None = None
    tasks_total: int = Field(default=0, description="Tasks involving it.")
    degree: int | None = None
    betweenness: float | None = None


class InfrastructuresPublic(BaseModel):
    model_config = _page_example(InfrastructurePublic)
    data: list[InfrastructurePublic]
    count: int


class InfrastructureTask(BaseModel):
    id: str
    number: int
    label: str | None = Field(default=None, description=_TASK_LABEL)
    title: str | None = None
    action: str | None = None


class InfrastructureAgency(BaseModel):
    id: str
    name: str
    relation: Relation
    task_number: int


class InfrastructureDetailPublic(InfrastructurePublic):
    model_config = _examples(
        {
            "id": "infra/政务云平台",
            "name": "政务云平台",
            "kind": "Platform",
            "tasks_total": 1,
            "tasks": [{"id": "doc-2015-5fcb5c5c/task/11", "number": 11,
                       "title": "升级现有政务云平台", "action": "升级"}],
            "agencies": [{"id": "agency/省经济信息中心", "name": "省经济信息中心",
                          "relation": "LEADS", "task_number": 11}],
        }
    )
    tasks: list[InfrastructureTask] = Field(default_factory=list)
    agencies: list[InfrastructureAgency] = Field(
        default_factory=list, description="Agencies holding a role on those tasks."
    )


# --- queries -----------------------------------------------------------------------------


class QueryParameterPublic(BaseModel):
    name: str
    type: str = Field(description="string, int, float, bool or list (of strings; repeat the "
                      "query parameter for each item).")
    required: bool
    description: str = ""


class NamedQueryPublic(BaseModel):
    model_config = _examples(
        {
            "name": "tasks_by_agency",
            "description": "Tasks an agency leads, is responsible for, or cooperates on.",
            "parameters": [
                {"name": "agency", "type": "string", "required": True,
                 "description": "canonical or alias name, e.g. 省发改委"},
                {"name": "relation", "type": "string", "required": False,
                 "description": "LEADS | RESPONSIBLE_FOR | COOPERATES_ON"},
            ],
            "examples": [{"agency": "省发改委"}, {"agency": "发改委", "relation": "LEADS"}],
        }
    )
    name: str
    description: str = ""
    parameters: list[QueryParameterPublic] = Field(default_factory=list)
    examples: list[dict[str, str]] = Field(
        default_factory=list, description="Parameter sets that show how to call it."
    )


class NamedQueriesPublic(BaseModel):
    model_config = _page_example(NamedQueryPublic)
    data: list[NamedQueryPublic]
    count: int


class QueryResultPublic(BaseModel):
    model_config = _examples(
        {"columns": ["number", "title"], "rows": [{"number": 11, "title": "升级现有政务云平台"}],
         "count": 1, "truncated": False}
    )
    columns: list[str]
    rows: list[dict[str, Any]] = Field(
        description="One object per row, keyed by column. Values are as the store keeps them: "
        "evidence spans are 'start-end' strings (kg extract --json gives [start, end] pairs).")
    count: int = Field(description="Rows returned (this result, not a total over pages).")
    truncated: bool = Field(default=False, description="True when the row limit cut the result.")
    hint: str | None = Field(
        default=None, exclude_if=lambda v: v is None,
        description="Only on an empty result whose `agency` names no agency: says so, with the "
        "nearest names in the store and the registry.")


class CypherRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"query": "MATCH (a:Agency {name: $name})-[r]->(t:Task) "
                          "RETURN t.number AS number, type(r) AS relation ORDER BY number",
                 "parameters": {"name": "省发改委"}}
            ]
        },
    )
    query: str = Field(min_length=1, pattern=r"^[^\x00]*$",
                       description="One read-only Cypher statement; values go in parameters.")
    parameters: dict[str, Any] = Field(
        default_factory=dict, description="Values bound to $names in the query."
    )


# --- graph -------------------------------------------------------------------------------


class GraphNode(BaseModel):
    id: str
    labels: list[str]
    properties: dict[str, Any]


class GraphLink(BaseModel):
    source: str
    target: str
    type: str
    properties: dict[str, Any] = Field(default_factory=dict)


class GraphPublic(BaseModel):
    """node-link JSON, as ``networkx.node_link_data(edges="links")`` writes it."""

    model_config = _examples(
        {
            "directed": True,
            "multigraph": True,
            "nodes": [
                {"id": "agency/省经济信息中心", "labels": ["Agency"],
                 "properties": {"name": "省经济信息中心", "kind": "public_institution"}},
                {"id": "doc-2015-5fcb5c5c/task/11", "labels": ["Task"],
                 "properties": {"number": 11, "title": "升级现有政务云平台"}},
            ],
            "links": [
                {"source": "agency/省经济信息中心", "target": "doc-2015-5fcb5c5c/task/11",
                 "type": "LEADS", "properties": {"verb": "负责"}}
            ],
            "truncated": False,
        }
    )
    directed: bool = True
    multigraph: bool = True
    nodes: list[GraphNode]
    links: list[GraphLink]
    truncated: bool = Field(default=False, description="True when the node limit cut the graph.")


class ExportFormatPublic(BaseModel):
    name: str
    description: str
    media_type: str


class ExportFormatsPublic(BaseModel):
    model_config = _examples(
        {"data": [{"name": "ttl", "description": "RDF Turtle", "media_type": "text/turtle"}],
         "count": 1}
    )
    data: list[ExportFormatPublic]
    count: int


# --- explorer ----------------------------------------------------------------------------


class SearchHit(BaseModel):
    id: str = Field(description="Node id: agency/…, infra/… or a task id.")
    label: Literal["Agency", "Infrastructure", "Task"]
    name: str = Field(description="Agency or infrastructure name, or the task's title.")
    qualified_name: str | None = Field(default=None, description="Place-qualified agency name.")
    detail: str | None = Field(default=None, description="Full name of an agency, kind of an "
                               "infrastructure, document id of a task.")
    number: int | None = Field(default=None, description="Task number.")
    tasks: int = Field(default=0, description="Tasks an agency or infrastructure is on.")


class SearchPublic(BaseModel):
    model_config = _examples(
        {"data": [{"id": "agency/省发改委", "label": "Agency", "name": "省发改委",
                   "detail": "福建省发展和改革委员会", "tasks": 14}], "count": 1}
    )
    data: list[SearchHit]
    count: int = Field(description="Hits returned (at most `limit`).")


class NeighbourhoodNode(BaseModel):
    id: str
    label: str = Field(description="Agency, Infrastructure or Task (Document or Section for "
                       "the centre only).")
    name: str | None = Field(default=None, description="Agency or infrastructure name; task title.")
    qualified_name: str | None = None
    kind: str | None = Field(default=None, description="Agency kind or infrastructure kind "
                             "(Platform, DataCenter, …).")
    number: int | None = Field(default=None, description="Task number.")
    task_label: str | None = Field(default=None, description=_TASK_LABEL)
    document_id: str | None = None
    conflict: bool | None = Field(default=None, description="Task copies carried different clauses.")


class NeighbourhoodLink(BaseModel):
    source: str
    target: str
    type: str = Field(description="LEADS, RESPONSIBLE_FOR, COOPERATES_ON (agency → task), "
                      "INVOLVES (task → infrastructure) or HAS_TASK (centre → task).")
    verb: str | None = None
    action: str | None = None
    occurrences: int | None = Field(default=None, description="Copies of the task that "
                                    "carried the role (its evidence: GET /tasks/{id}).")


class NeighbourhoodPublic(BaseModel):
    model_config = _examples(
        {"center": {"id": "agency/省发改委", "label": "Agency", "name": "省发改委",
                    "kind": "provincial_department"},
         "nodes": [{"id": "agency/省发改委", "label": "Agency", "name": "省发改委"},
                   {"id": "doc-2015-5fcb5c5c/task/1", "label": "Task", "number": 1,
                    "name": "出台进一步加快数字福建建设的若干意见",
                    "document_id": "doc-2015-5fcb5c5c", "conflict": True}],
         "links": [{"source": "agency/省发改委", "target": "doc-2015-5fcb5c5c/task/1",
                    "type": "LEADS", "verb": "牵头", "occurrences": 1}],
         "shown": 2, "total": 52, "tasks_shown": 1, "tasks_total": 14, "truncated": True}
    )
    center: NeighbourhoodNode
    nodes: list[NeighbourhoodNode]
    links: list[NeighbourhoodLink]
    shown: int = Field(description="Nodes returned (N of \"showing N of M\").")
    total: int = Field(description="Nodes in the whole neighbourhood (M).")
    tasks_shown: int
    tasks_total: int
    truncated: bool = Field(description="True when the node limit left part of it out.")


class DocumentTextPublic(BaseModel):
    model_config = _examples(
        {"document_id": "doc-2015-5fcb5c5c", "length": 4512, "start": 1197, "end": 1235,
         "before": "…启动建设海峡国际大数据中心。", "text": _TASK_11_CLAUSE, "after": "（十二）…"}
    )
    document_id: str
    length: int = Field(description="Characters in the whole text.")
    start: int = Field(description="Offset of `text` in the whole text.")
    end: int = Field(description="Offset just past `text`.")
    before: str = Field(default="", description="Up to `context` characters before `start`.")
    text: str = Field(description="The span asked for, or the whole text without a span.")
    after: str = Field(default="", description="Up to `context` characters after `end`.")


class DocumentChoice(BaseModel):
    id: str
    year: int | None = None
    place: str | None = None
    title: str | None = None
    plan_title: str | None = None
    source: str | None = Field(default=None, description="File name the document was read from.")
    task_count: int | None = None


class DocumentChoicesPublic(BaseModel):
    model_config = _examples(
        {"data": [{"id": "doc-2015-5fcb5c5c", "year": 2015, "place": "福建省",
                   "title": "福建省人民政府办公厅关于印发2015年数字福建工作要点的通知",
                   "plan_title": "2015年数字福建工作要点",
                   "source": "2015-digital-fujian-work-points.txt", "task_count": 38}],
         "count": 1}
    )
    data: list[DocumentChoice]
    count: int


class StartPublic(BaseModel):
    model_config = _examples({"id": "agency/省发改委"})
    id: str | None = Field(description="Node to show first: the agency with the most tasks "
                           "(by the count stored at load); null when the store is empty.")
