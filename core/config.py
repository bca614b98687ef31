"""All settings in one place: one pydantic-settings class read from ``KG_*`` variables.

Limits are named settings with help text (datasette style) and are enforced in one
place each: the stores apply ``query_timeout_ms`` and ``query_row_limit`` to every read,
the query layer applies the ``cypher_*`` limits to ad-hoc Cypher, the embedded FalkorDB
server ``server_memory_mb`` and ``result_max_mb`` to itself, the HTTP API the request,
response and concurrency limits, the loader ``source_max_mb`` to document files.

>>> from core.config import Settings
>>> Settings(store="neo4j", query_row_limit=50).query_row_limit
50
>>> [row[0] for row in Settings.describe()][:3]
['store', 'home', 'graph']

``python -m core.config`` prints the settings table of the README; ``python -m core.config
--write-readme`` (from the project root) puts it there.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from platformdirs import user_data_path
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

APP_NAME = "workplan-kg"


def default_home() -> Path:
    """This user's data directory for the project (``$XDG_DATA_HOME/workplan-kg``,
    ``~/Library/Application Support/workplan-kg``, ``%LOCALAPPDATA%\\workplan-kg``): the
    store is the same from every working directory."""
    return user_data_path(APP_NAME, appauthor=False)


class Settings(BaseSettings):
    """Every knob of the project; each reads ``KG_<NAME>`` from the environment."""

    model_config = SettingsConfigDict(env_prefix="KG_", extra="ignore", validate_default=True)

    store: str = Field(
        default="falkordb",
        description="Graph store backend, one of those registered in graph/stores: "
        "'falkordb' (embedded, the default) or 'neo4j'.",
    )
    home: Path = Field(
        default_factory=default_home,
        description="Data directory of the embedded store (its files live in HOME/falkordb). "
        "Default: this user's data directory for the application (platformdirs: "
        "~/.local/share/workplan-kg on Linux), the same whatever the current directory.",
    )
    graph: str = Field(
        default="workplans",
        min_length=1,
        pattern=r"^[A-Za-z0-9_\-]+$",
        description="Name of the graph (the FalkorDB graph key).",
    )
    neo4j_uri: str = Field(
        default="bolt://localhost:7687",
        description="Neo4j URI: bolt://host:port for one server, neo4j://host:port for a "
        "cluster or Aura (routed reads).",
    )
    neo4j_user: str = Field(default="neo4j", description="Neo4j user name.")
    neo4j_password: SecretStr = Field(default=SecretStr(""), description="Neo4j password.")
    neo4j_database: str | None = Field(
        default=None, description="Neo4j database name; empty means the server's default database."
    )
    batch_size: int = Field(
        default=500, ge=1, le=100_000, description="Rows per UNWIND statement when loading."
    )
    query_timeout_ms: int = Field(
        default=5000, ge=1, description="Time limit of one read query, in milliseconds."
    )
    query_memory_mb: int = Field(
        default=1024, ge=1,
        description="Most memory one query may use in the embedded FalkorDB, in MiB (applied "
        "when the server starts); a query that needs more is refused.",
    )
    query_row_limit: int = Field(
        default=1000, ge=1, description="Most rows one read query returns; the rest is cut and "
        "the result is marked truncated."
    )
    cypher_max_length: int = Field(
        default=10_000, ge=1, description="Longest ad-hoc Cypher text accepted (kg cypher, API), "
        "in characters."
    )
    cypher_max_depth: int = Field(
        default=10, ge=1, le=100,
        description="Deepest nesting of brackets, CASE and prefix operators (NOT, unary minus) "
        "accepted in ad-hoc Cypher. FalkorDB's parser takes time exponential in it (18 levels "
        "about 1 s, 22 levels 15 s) and its time limit does not cover parsing.",
    )
    cypher_range_factor: int = Field(
        default=100, ge=1,
        description="range() in ad-hoc Cypher may make at most query_row_limit × this many "
        "values; a longer range with constant bounds is refused before it reaches the store "
        "(FalkorDB builds the whole list in memory first).",
    )
    cypher_max_concurrent: int = Field(
        default=2, ge=1,
        description="Ad-hoc Cypher queries (POST /cypher) the API runs at once; more are "
        "answered 503 with Retry-After. FalkorDB runs one query per core and does not count "
        "the time a query waits in its queue against the time limit.",
    )
    server_memory_mb: int = Field(
        default=4096, ge=256,  # an idle server already maps about 150 MiB
        description="Most memory the embedded FalkorDB process may use, in MiB (applied when "
        "the server starts): it cannot allocate more (RLIMIT_DATA; a query that needs "
        "more stops the server, which restarts on the next request), and loads are refused "
        "once the data reaches half of it (maxmemory, never evicting).",
    )
    result_max_mb: int = Field(
        default=16, ge=1,
        description="Largest result of one read, in MiB: the embedded FalkorDB drops a larger "
        "reply before sending it, and the API answers 422 instead of a larger response.",
    )
    request_max_bytes: int = Field(
        default=1_048_576, ge=1024,
        description="Largest HTTP request body the API reads, in bytes (413 above).",
    )
    health_timeout_ms: int = Field(
        default=1000, ge=1,
        description="How long GET /health waits for the store before answering 503.",
    )
    source_max_mb: int = Field(
        default=20, ge=1,
        description="Largest document file kg extract and kg load read, in MiB (real work "
        "plans are well under 1 MiB).",
    )
    api_cache_entries: int = Field(
        default=256, ge=0,
        description="Answers of the API's read routes kept while the graph is unchanged (a "
        "load or a drop changes it; the requests that arrive together check it in one "
        "round trip); 0 turns the cache off. /health, POST /cypher and exports are never kept.",
    )
    api_host: str = Field(default="127.0.0.1", description="Interface the HTTP API binds to.")
    api_port: int = Field(default=8000, ge=1, le=65535, description="Port of the HTTP API.")
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Origins allowed by CORS, comma-separated; empty turns CORS off.",
    )
    api_allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Host names the API answers besides localhost, 127.0.0.1 and ::1 "
        "(comma-separated): a request naming any other Host is refused, so that a web page "
        "cannot reach the API through DNS rebinding.",
    )

    @field_validator("cors_origins", "api_allowed_hosts", mode="before")
    @classmethod
    def _split_origins(cls, value: Any) -> Any:
        # KG_CORS_ORIGINS="https://a.org,https://b.org" rather than a JSON list.
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @model_validator(mode="before")
    @classmethod
    def _empty_home_is_unset(cls, values: Any) -> Any:
        # `KG_HOME=` (set, but empty) would be the current directory: a store wherever the
        # command happens to run. Empty means unset here (as for KG_NEO4J_DATABASE), so the
        # default applies and the field counts as not given.
        home = values.get("home") if isinstance(values, dict) else None
        if isinstance(home, str) and not home.strip():
            values = {k: v for k, v in values.items() if k != "home"}
        return values

    @field_validator("home", mode="after")
    @classmethod
    def _absolute_home(cls, value: Path) -> Path:
        # The FalkorDB socket path is handed to another process: make it absolute now.
        return value.expanduser().absolute()

    @field_validator("neo4j_database", mode="before")
    @classmethod
    def _empty_is_default(cls, value: Any) -> Any:
        return value or None

    @property
    def falkordb_dir(self) -> Path:
        """Where the embedded FalkorDB keeps its socket, pid file, log and RDB file."""
        return self.home / "falkordb"

    @classmethod
    def describe(cls) -> list[tuple[str, str, str]]:
        """(name, default, help) for every setting, for ``kg db status`` and docs."""
        rows = []
        for name, field in cls.model_fields.items():
            if name == "home":
                default = "(per-user data directory)"
            elif field.default_factory is not None:
                default = "" if field.default_factory is list else "(computed)"
            else:
                default = "" if field.default is None else str(field.default)
                if isinstance(field.default, SecretStr):
                    default = ""
            rows.append((name, default, field.description or ""))
        return rows

    @classmethod
    def markdown_table(cls) -> str:
        """The settings as the Markdown table of the README (a test keeps them equal).

        >>> Settings.markdown_table().splitlines()[2].startswith("| `KG_STORE` | `falkordb` |")
        True
        """
        lines = ["| variable | default | what it sets |", "|---|---|---|"]
        for name, default, help_text in cls.describe():
            shown = f"`{default}`" if default and not default.startswith("(") else default or "—"
            lines.append(f"| `KG_{name.upper()}` | {shown} | {' '.join(help_text.split())} |")
        return "\n".join(lines) + "\n"

    def home_origin(self) -> str:
        """Where :attr:`home` came from: ``KG_HOME`` or the per-user default."""
        return "KG_HOME" if "home" in self.model_fields_set else "per-user default"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once (``get_settings.cache_clear()`` re-reads)."""
    return Settings()


README_MARKERS = ("<!-- settings:begin -->\n", "<!-- settings:end -->")


def readme_with_settings(readme: str) -> str:
    """``readme`` with the table between its settings markers replaced by the current one."""
    begin, end = README_MARKERS
    head, _, rest = readme.partition(begin)
    _, _, tail = rest.partition(end)
    return head + begin + Settings.markdown_table() + end + tail


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--write-readme"]:  # run from the project root
        readme = Path("README.md")
        readme.write_text(readme_with_settings(readme.read_text(encoding="utf-8")),
                          encoding="utf-8")
    else:
        print(Settings.markdown_table(), end="")
