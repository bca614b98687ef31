"""`kg extract`: read one document and show what was read, without any store."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli.base import KgCommand, console

if TYPE_CHECKING:
    from rich.console import Console

    from loaders.records import Extraction

out = console()


def _profiles_help() -> str:
    from loaders.profiles import PROFILES

    lines = [f"{p.name}: {p.description}" for p in PROFILES.values()]
    return "Reading profiles (picked automatically; --profile overrides):\n\n" + "\n\n".join(
        lines)


def render_profiles(console: Console, path: Path | None = None) -> None:
    """The profiles, with their scores for ``path`` when one is given."""
    from rich.table import Table

    from loaders.profiles import PROFILES, rank
    from loaders.source import read_source

    table = Table(title="Reading profiles")
    table.add_column("profile")
    table.add_column("reads")
    scores: dict[str, float] = {}
    if path is not None:
        table.add_column("score")
        scores = {p.name: s for p, s in rank(read_source(path).text)}
    for p in PROFILES.values():
        row = [p.name, p.description]
        if path is not None:
            row.append(f"{scores[p.name]:.2f}")
        table.add_row(*row)
    console.print(table)


def render_summary(ex: Extraction, console: Console) -> None:
    """A human summary: document, tasks, agencies by role, infrastructure, quality warnings."""
    from rich.table import Table

    doc = ex.document
    console.print(f"[bold]{doc.title}[/]")
    console.print(f"issuer {doc.issuer or '?'} · published {doc.published or '?'} · "
                  f"signed {doc.signed or '?'} · source {doc.source}", highlight=False)
    script = " · converted from Traditional" if doc.script == "traditional" else ""
    number = f" · {doc.doc_number}" if doc.doc_number else ""
    console.print(f"read with profile [bold]{doc.profile}[/]{script}{number}", highlight=False)
    console.print(f"{len(ex.sections)} sections, {len(ex.tasks)} tasks, "
                  f"{len(ex.agencies)} agencies, "
                  f"{len({i.name for t in ex.tasks for i in t.infrastructure})} infrastructure",
                  highlight=False)

    tasks = Table(title="Tasks", show_lines=False)
    for col in ("no.", "sec.", "copies", "title", "lead", "responsible", "cooperating"):
        tasks.add_column(col)
    for t in ex.tasks:
        by_rel: dict[str, list[str]] = {"LEADS": [], "RESPONSIBLE_FOR": [], "COOPERATES_ON": []}
        for a in t.agencies:
            by_rel[a.relation].append(a.name)
        flag = " [red]≠[/]" if t.conflict else ""
        tasks.add_row(t.label or str(t.number), "" if t.section is None else str(t.section),
                      f"{t.occurrences}{flag}", t.title[:30], "、".join(by_rel["LEADS"]),
                      "、".join(by_rel["RESPONSIBLE_FOR"]), "、".join(by_rel["COOPERATES_ON"]))
    console.print(tasks)

    roles = Table(title="Agencies by role")
    for col in ("agency", "kind", "leads", "responsible", "cooperates"):
        roles.add_column(col)
    counts: dict[str, Counter[str]] = {}
    for t in ex.tasks:
        for a in t.agencies:
            counts.setdefault(a.name, Counter())[a.relation] += 1
    kinds = {a.name: a.kind for a in ex.agencies}
    for name, c in sorted(counts.items(), key=lambda kv: -sum(kv[1].values())):
        roles.add_row(name, kinds.get(name, "unknown"), str(c["LEADS"]),
                      str(c["RESPONSIBLE_FOR"]), str(c["COOPERATES_ON"]))
    console.print(roles)

    infra = Table(title="Infrastructure")
    for col in ("name", "kind", "tasks"):
        infra.add_column(col)
    where: dict[tuple[str, str], list[str]] = {}
    for t in ex.tasks:
        for i in t.infrastructure:
            where.setdefault((i.name, i.kind), []).append(t.label or str(t.number))
    for (name, kind), labels in where.items():
        infra.add_row(name, kind, ", ".join(labels))
    console.print(infra)

    q = ex.quality
    lines = []
    if q.missing_tasks:
        lines.append(f"missing task numbers: {', '.join(map(str, q.missing_tasks))}")
    if q.missing_sections:
        lines.append(f"lost section headings: {', '.join(map(str, q.missing_sections))}"
                     f" (tasks of unknown section: {', '.join(map(str, q.uncertain_section_tasks))})")
    if q.conflicts:
        lines.append(f"copies disagree on the clauses of tasks {', '.join(map(str, q.conflicts))}")
    for o in q.orphan_clauses:
        lines.append(f"orphan clause after task {o.after_task} not attached: {o.text}")
    for r in q.repairs:
        lines.append(f"repaired {r.kind}: {r.original} → {r.repaired}")
    if q.unknown_agencies:
        lines.append(f"agencies not in the registry (kind unknown): {'、'.join(q.unknown_agencies)}")
    if q.missing_labels:
        lines.append(f"missing task numbers: {', '.join(q.missing_labels)}")
    for u in q.unread:
        lines.append(f"could not read ({u.kind}): {u.text[:80]}")
    if q.tasks_without_clause:
        lines.append(f"tasks with no responsibility clause: "
                     f"{', '.join(map(str, q.tasks_without_clause))}")
    lines.extend(q.warnings)
    if lines:
        console.print("[bold yellow]Quality warnings[/]")
        for line in lines:
            console.print(f"  • {line}", highlight=False)


def extract(
    path: Annotated[Path | None, typer.Argument(
        help="Work-plan file (text, HTML; UTF-8, GB18030 or UTF-16). "
             "Default: the bundled 2015 Digital Fujian plan.")] = None,
    as_json: Annotated[bool, typer.Option(
        "--json", help="Print the machine-readable extraction (the shape documented in the README).")] = False,
    profile: Annotated[str | None, typer.Option(
        "--profile", metavar="NAME", help="Read with this profile instead of the best-scoring one "
                          "(see --list-profiles).")] = None,
    list_profiles: Annotated[bool, typer.Option(
        "--list-profiles", help="List the reading profiles (with their scores for PATH when "
                                "one is given) and exit.")] = False,
) -> None:
    """Read one document into tasks, agencies and infrastructure, without any store."""
    from loaders import read_document
    from loaders.profiles import get_profile
    from loaders.records import to_json

    if list_profiles:
        render_profiles(out, path)
        return
    if profile is not None:
        get_profile(profile)  # an unknown name is bad input (exit 2), before reading
    ex = read_document(path, profile=profile)
    if as_json:
        typer.echo(json.dumps(to_json(ex), ensure_ascii=False, indent=2))
    else:
        render_summary(ex, out)


class _ExtractCommand(KgCommand):
    """Lists the reading profiles under ``kg extract --help`` (only then: listing them
    imports the loaders)."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self.epilog = _profiles_help()
        super().format_help(ctx, formatter)


def register(app: typer.Typer) -> None:
    app.command("extract", cls=_ExtractCommand)(extract)
