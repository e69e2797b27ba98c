"""The desk's pages, one module per area; each exports `routes`. `all_routes` gathers them."""

from __future__ import annotations

from starlette.routing import BaseRoute


def all_routes() -> list[BaseRoute]:
    # lazy: the views import the app's helpers, which import this package
    from handouts.web.views import account, aftercare, audit, brand, daylist, pads

    return [
        *account.routes,
        *aftercare.routes,
        *daylist.routes,
        *pads.routes,
        *audit.routes,
        *brand.routes,
    ]
