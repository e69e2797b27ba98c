"""Print a check report: a table for people, or a JSON list of findings for CI."""

from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table
from rich.text import Text

from handouts.checks.findings import Finding
from handouts.checks.runner import Report
from handouts.source.check_settings import grade_limits

_STYLE = {"error": "bold red", "warning": "yellow"}


def to_json(findings: list[Finding]) -> str:
    return json.dumps([f.as_record() for f in findings], indent=2, ensure_ascii=False)


def print_table(report: Report, findings: list[Finding], console: Console) -> None:
    """Findings (with where, rule and fix), then each article's reading level."""
    if findings:
        table = Table(title="Checks before printing", show_lines=True)
        table.add_column("")
        table.add_column("where", overflow="fold", min_width=20)
        table.add_column("rule", overflow="fold")
        table.add_column("finding and fix", ratio=1)
        for f in findings:
            where = f.where + (f"\n{f.field}" if f.field else "")
            text = Text(f.message)
            text.append(f"\nFix: {f.fix}", style="dim")
            table.add_row(Text(f.severity, style=_STYLE[f.severity]), where, f.rule, text)
        console.print(table)
    if report.grades:
        limits = grade_limits(report.settings.reading)
        table = Table(
            "article", "Flesch-Kincaid", "SMOG", "target", title="Reading level (US school grade)"
        )
        for article_id, grades in report.grades.items():
            cells = [f"{grades[k]:.1f}" if k in grades else "–" for k in limits]
            table.add_row(article_id, *cells, " / ".join(f"{v:g}" for v in limits.values()))
        console.print(table)
    console.print(summary(report, findings))


def summary(report: Report, findings: list[Finding]) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    scope = f"{len(report.articles)} article(s) and {len(report.clinics)} clinic(s)"
    if not findings:
        return f"[green]No problems found[/] in {scope}."
    return f"[bold red]{errors} error(s)[/], [yellow]{warnings} warning(s)[/] in {scope}."
