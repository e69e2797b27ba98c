"""Findings: one thing a check found, located by file, line and field, with how to fix it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from handouts.errors import Problem, _display_path

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """A problem a clinical lead should look at before the leaflet is printed."""

    rule: str  # family.name, e.g. "reading-level.grade"
    severity: Severity
    message: str
    fix: str
    file: Path | None = None
    line: int | None = None
    field: str | None = None

    @property
    def where(self) -> str:
        if self.file is None:
            return ""
        where = _display_path(self.file)
        return f"{where}:{self.line}" if self.line is not None else where

    def as_problem(self) -> Problem:
        """One line for `handouts build`, in the same shape as every other error."""
        return Problem(
            f"{self.message} [{self.rule}]. Fix: {self.fix}",
            file=self.file,
            line=self.line,
            field=self.field,
        )

    def as_record(self) -> dict[str, Any]:
        """A JSON-ready record for CI."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "file": _display_path(self.file) if self.file else None,
            "line": self.line,
            "field": self.field,
            "message": self.message,
            "fix": self.fix,
        }


def error(
    rule: str,
    message: str,
    fix: str,
    file: Path | None = None,
    line: int | None = None,
    field: str | None = None,
) -> Finding:
    return Finding(rule, "error", message, fix, file, line, field)


def warning(
    rule: str,
    message: str,
    fix: str,
    file: Path | None = None,
    line: int | None = None,
    field: str | None = None,
) -> Finding:
    return Finding(rule, "warning", message, fix, file, line, field)


def strict(findings: list[Finding]) -> list[Finding]:
    """`--strict`: every warning counts as an error."""
    return [replace(f, severity="error") for f in findings]


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


def sort_key(finding: Finding) -> tuple[str, int, int, str]:
    return (
        str(finding.file or ""),
        finding.line or 0,
        0 if finding.severity == "error" else 1,
        finding.rule,
    )
