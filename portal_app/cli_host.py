"""`portal build` and `portal serve`: one app host of a cluster (deploy/README.md).

`reflex run --env prod` builds the frontend and serves it on one machine. A cluster builds
once and starts the same backend on each host behind the reverse proxy; each host then serves
the built pages itself, so every page keeps the portal's own security headers.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path


def cmd_build(_args: argparse.Namespace) -> int:
    """Compile and build the frontend into REFLEX_WEB_WORKDIR (default .web), for `serve`."""
    reflex = str(Path(sys.executable).parent / "reflex")
    command = [reflex, "export", "--frontend-only", "--no-zip", "--env", "prod"]
    return subprocess.run(command, check=False).returncode  # noqa: S603 - fixed arguments


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the built portal (pages, websocket, API) at HOST:PORT; PORTAL_* settings and
    REFLEX_WEB_WORKDIR as for `build`."""
    host, _, port = str(args.address).rpartition(":")
    if not port.isdigit() or not host:
        print("portal serve: give an address like 127.0.0.1:8000", file=sys.stderr)
        return 2
    import uvicorn
    from reflex.utils.prerequisites import get_web_dir
    from reflex_base.constants import Env
    from reflex_base.environment import environment

    # What `reflex run --env prod --single-port` sets for its backend process.
    environment.REFLEX_ENV_MODE.set(Env.PROD)
    environment.REFLEX_SKIP_COMPILE.set(True)
    built = (get_web_dir() / "build" / "client").is_dir()
    environment.REFLEX_MOUNT_FRONTEND_COMPILED_APP.set(built)
    if not built:
        print("No pages built (run `portal build`): serving the websocket and API only.")
    os.environ.setdefault("PORTAL_ENV", "prod")
    uvicorn.run(
        "portal_app.portal_app:app",
        factory=True,
        host=host,
        port=int(port),
        log_level="warning",
        proxy_headers=False,  # the client address is read by api/auth.client_address
        timeout_graceful_shutdown=5,
    )
    return 0
