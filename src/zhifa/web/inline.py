"""Run a short synchronous endpoint on the worker's event loop instead of the thread pool.

FastAPI hands every `def` endpoint to a thread of the pool, and, when the endpoint declares its return
type, hands the validation of the result over a second time. On the case API that costs more than the
work: each hand-off wakes a pool thread and the two then pass the GIL back and forth (in a profile of
bench/workflow.py at 300 operations per second, `Condition.notify` alone was 7 % of the server's CPU).

An endpoint marked `@on_event_loop` runs to the end on the loop, one at a time per worker process, as a
prefork (“sync worker”) server runs requests: while it waits for PostgreSQL the worker answers nothing
else, so a deployment runs more worker processes than cores (`zhifa serve --workers`, see the README).
Because it never yields, no two requests of one worker interleave inside a transaction, so a unit of
work can never wait on a lock held by a request parked on the same loop — as long as no `async` endpoint
keeps a unit of work open across an `await` (none does: uploads read the files first, then run their unit
of work in the pool, where it finishes without the loop).

Only for endpoints whose work is a short unit of work (one case: a few statements and a signature, a
few milliseconds). Anything that can take long — exports, documents, deadline lists over all cases,
the assistant, file uploads and downloads — stays in the thread pool.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def on_event_loop(endpoint: Callable[P, R]) -> Callable[P, Coroutine[Any, Any, R]]:
    """Mark a synchronous endpoint to run on the event loop; its signature (parameters, dependencies,
    documented return type) is the endpoint's own (FastAPI reads it through `__wrapped__`)."""

    @functools.wraps(endpoint)
    async def run(*args: P.args, **kwargs: P.kwargs) -> R:
        return endpoint(*args, **kwargs)

    return run
