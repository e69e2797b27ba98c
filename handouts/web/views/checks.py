"""The studio's checks dashboard: `handouts check` (without the layout pass) per article and
clinic, each finding with its file, line, rule and fix; review dates coming due first."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from handouts.checks.runner import run
from handouts.errors import HandoutsError
from handouts.render.jobs import Selection
from handouts.web.auth import guarded
from handouts.web.pages import refuse, render
from handouts.web.server import server_of
from handouts.web.sessions import Visit


@guarded(role="manager")
async def page(request: Request, visit: Visit) -> Response:
    server = server_of(request)
    try:
        report = await run_in_threadpool(
            lambda: run(server.project, Selection(), with_layout=False, as_of=server.today())
        )
    except HandoutsError as exc:
        return refuse(request, 422, "; ".join(str(p) for p in exc.problems[:5]), visit)
    root = server.project.data_dir
    rows = [
        {
            "where": _where(f.file, root),
            "line": f.line or "",
            "rule": f.rule,
            "severity": str(f.severity),
            "message": f.message,
            "fix": f.fix,
        }
        for f in report.findings
    ]
    reviews = sorted(
        ((a.next_review, a.title, a.id) for a in report.articles),
        key=lambda r: r[0],
    )
    return render(
        request,
        "checks.html",
        visit,
        rows=rows,
        reviews=reviews,
        today=server.today(),
        counts={s: sum(r["severity"] == s for r in rows) for s in ("error", "warning")},
    )


def _where(file: object, root: object) -> str:
    text = str(file or "")
    prefix = str(root) + "/"
    return text.removeprefix(prefix)


routes = [Route("/studio/checks", page, methods=["GET"])]
