"""The warm renderers: started once, reused, replaced when worn out or dead; errors come back."""

from __future__ import annotations

import datetime as dt

import pytest

from handouts.aftercare.patient import RawDetails, check_details
from handouts.aftercare.sheet import find_clinic, load_aftercare_article
from handouts.errors import LayoutError
from handouts.web.pool import RenderBug, RendererPool
from handouts.web.rendering import sheet_pdf

from . import pool_jobs
from .test_web_core import pdf_text


def test_a_worker_is_reused_then_replaced_after_its_quota() -> None:
    pool = RendererPool(1, recycle_after=3)
    try:
        pids = [pool.call(pool_jobs.pid) for _ in range(7)]
    finally:
        pool.close()
    assert pids[0] == pids[1] == pids[2] != pids[3] == pids[4] == pids[5] != pids[6]


def test_a_replacement_is_warmed_up_before_it_takes_the_place_of_a_retiring_worker() -> None:
    pool = RendererPool(1, recycle_after=6)
    try:
        pool.each(pool_jobs.warm, "blank sheet")
        seen = [pool.call(pool_jobs.warmed) for _ in range(10)]
    finally:
        pool.close()
    pids = [pid for pid, _ in seen]
    # The first worker used one sheet on its warm-up; its replacement started warming when it
    # had three left, and serves from the first sheet after it retired, already warmed.
    assert len(set(pids[:5])) == 1 and pids[5] != pids[0] and len(set(pids[5:])) == 1
    assert all(labels == ["blank sheet"] for _, labels in seen)


def test_user_errors_come_back_as_themselves_and_bugs_without_their_message() -> None:
    pool = RendererPool(1)
    try:
        with pytest.raises(LayoutError) as refused:
            pool.call(pool_jobs.refuse, "Zoë Quill")
        assert refused.value.problems[0].field == "--notes"
        with pytest.raises(RenderBug) as bug:
            pool.call(pool_jobs.crash, "Zoë Quill")
        assert str(bug.value) == "ValueError"
        with pytest.raises(RenderBug):
            pool.call(pool_jobs.die)
        assert pool.call(pool_jobs.pid) > 0  # a dead worker is replaced
    finally:
        pool.close()


def test_a_warm_worker_renders_the_same_sheet_as_the_command(project) -> None:
    clinic = find_clinic(project, "riverside")
    article = load_aftercare_article(project)
    details = check_details(
        RawDetails(patient="Ana Lima"), "Atkinson Hyperlegible", dt.date(2026, 3, 14)
    )
    pool = RendererPool(1)
    try:
        warm = [pool.call(sheet_pdf, project, clinic, article, "a4", details) for _ in range(2)]
    finally:
        pool.close()
    here = sheet_pdf(project, clinic, article, "a4", details)
    assert all("For Ana Lima" in pdf_text(pdf) for pdf in warm)
    assert pdf_text(warm[1]) == pdf_text(here)
