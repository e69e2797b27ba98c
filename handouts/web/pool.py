"""Warm renderers: worker processes started once with WeasyPrint loaded, shared by all requests.

`call(fn, *args)` blocks the calling thread (the web runs it in a thread pool) until a worker is
free, runs `fn(*args)` there and returns its result. A worker keeps its sheet makers (fonts,
stylesheets, logos) between sheets and is replaced after `recycle_after` of them so that memory
stays flat. Its replacement is started a few sheets before that and given the same warm-ups
(`each`) in the background, so no practitioner waits for a cold renderer. A user error comes
back as the same `HandoutsError`; a bug as a `RenderBug` with its type only: exception messages
may quote what was typed, and typed text is a patient's.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import queue
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from handouts import errors

T = TypeVar("T")
RECYCLE_AFTER = 100
PREPARE_AHEAD = 10  # sheets before a worker retires, its replacement starts warming up
PRELOAD = ["handouts.render.document", "handouts.web.rendering"]


class RenderBug(RuntimeError):
    """A renderer failed for a reason that is not the user's (named by its type only)."""


def _context() -> Any:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def _serve(conn: Connection, limit: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server handles Ctrl-C and stops us
    # lazy: a worker loads what it renders with once, before its first sheet
    import handouts.web.rendering  # noqa: F401

    gc.freeze()
    gc.set_threshold(100_000, 50, 100)
    try:
        for _ in range(limit):
            work = conn.recv()
            if work is None:
                break
            conn.send(_run(*work))
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        pass
    conn.close()


def _run(fn: Callable[..., Any], args: tuple[Any, ...]) -> tuple[str, Any, Any]:
    try:
        return "ok", fn(*args), None
    except errors.HandoutsError as exc:
        return "problems", type(exc).__name__, exc.problems
    except Exception as exc:
        # The stack, not the message: a message may hold what was typed.
        frames = "".join(traceback.format_tb(exc.__traceback__))
        print(f"renderer bug: {type(exc).__name__}\n{frames}", file=sys.stderr)
        return "bug", type(exc).__name__, None


class _Worker:
    def __init__(self, context: Any, limit: int) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(child, limit), name="handouts-renderer", daemon=True
        )
        self.process.start()
        child.close()
        self.left = limit

    def call(self, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        self.left -= 1
        try:
            self.conn.send((fn, args))
            status, value, extra = self.conn.recv()
        except (EOFError, OSError):
            self.left = 0
            raise RenderBug("the renderer stopped") from None
        if status == "ok":
            return value
        if status == "problems":
            kind = getattr(errors, value, errors.HandoutsError)
            raise kind(extra)
        raise RenderBug(value)

    @property
    def usable(self) -> bool:
        return self.left > 0 and self.process.is_alive()

    def stop(self) -> None:
        try:
            if self.process.is_alive():
                self.conn.send(None)
        except OSError:
            pass
        self.conn.close()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()


class RendererPool:
    """`size` warm workers; with size 0, renders in the calling thread (one at a time)."""

    def __init__(self, size: int, recycle_after: int = RECYCLE_AFTER) -> None:
        self.size = size
        self.recycle_after = recycle_after
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._local = threading.Lock()
        self._context = _context() if size else None
        self._warm_ups: list[tuple[Callable[..., Any], tuple[Any, ...]]] = []
        # Replacements: warm spares, how many are warming, how many retired workers they owe.
        self._books = threading.Lock()
        self._spares: list[_Worker] = []
        self._warming = 0
        self._owed = 0
        self._threads: list[threading.Thread] = []
        for _ in range(size):
            self._idle.put(_Worker(self._context, recycle_after))

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        if not self.size:
            with self._local:  # WeasyPrint is not made for threads
                return fn(*args)
        worker = self._idle.get()
        try:
            return worker.call(fn, args)
        finally:
            if worker.left == min(PREPARE_AHEAD, self.recycle_after // 2):
                self._prepare_spare()
            if worker.usable:
                self._idle.put(worker)
            else:
                worker.stop()
                self._replace()

    def each(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run `fn` once in every worker (to warm them all up), and in every replacement."""
        self._warm_ups.append((fn, args))
        workers = [self._idle.get() for _ in range(self.size)]
        try:
            threads = [threading.Thread(target=_quietly, args=(w.call, fn, args)) for w in workers]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            for worker in workers:
                self._idle.put(worker)
        if not self.size:
            _quietly(lambda f, a: f(*a), fn, args)

    def close(self) -> None:
        for thread in self._threads:
            thread.join()
        for _ in range(self.size):
            self._idle.get().stop()
        for spare in self._spares:
            spare.stop()
        self.size = 0

    def _prepare_spare(self) -> None:
        """Start a worker and warm it up in the background, for the next one that retires."""
        with self._books:
            self._warming += 1
            self._threads = [t for t in self._threads if t.is_alive()]
            thread = threading.Thread(target=self._warm_spare, name="handouts-spare", daemon=True)
            self._threads.append(thread)
        thread.start()

    def _warm_spare(self) -> None:
        spare: _Worker | None = None
        try:
            spare = _Worker(self._context, self.recycle_after)
            for fn, args in list(self._warm_ups):
                _quietly(spare.call, fn, args)
        finally:
            with self._books:
                self._warming -= 1
                owed = self._owed > 0
                self._owed -= owed
                if spare is not None and not owed:
                    self._spares.append(spare)
            if owed:  # a retired worker's place waits for this one: never leave it empty
                self._idle.put(spare or _Worker(self._context, self.recycle_after))

    def _replace(self) -> None:
        """Put a warm spare in a retired worker's place, or leave the place to the spare that is
        warming; with neither (a worker that died early), a cold worker."""
        with self._books:
            if self._spares:
                self._idle.put(self._spares.pop())
                return
            if self._warming > self._owed:
                self._owed += 1
                return
        self._idle.put(_Worker(self._context, self.recycle_after))


def _quietly(call: Callable[..., Any], fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    # A warm-up that fails will fail again, visibly, for the user.
    with contextlib.suppress(errors.HandoutsError, RenderBug):
        call(fn, args)
