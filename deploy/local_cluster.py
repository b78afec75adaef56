"""A cluster on one machine, for trying and testing: nginx in front of separate app processes
(`portal serve`, each with its own data folder, as on separate hosts), one `portal worker`,
PostgreSQL and Redis.

`make cluster` runs `python -m deploy.local_cluster`; bench/cluster_load.py and
tests/cluster/ use the LocalCluster class. Every process it starts it also stops, by its
own process id.
"""

from __future__ import annotations

import argparse
import getpass
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
START_TIMEOUT_S = 120


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ensure_postgres_database(url: str) -> None:
    """Create the cluster's database on the server if it is not there yet."""
    base, _, name = url.rpartition("/")
    engine = sa.create_engine(
        base.replace("postgresql://", "postgresql+psycopg://", 1) + "/postgres",
        isolation_level="AUTOCOMMIT",
    )
    with engine.connect() as connection:
        found = connection.execute(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ).first()
        if found is None:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()


@dataclass
class Process:
    name: str
    command: list[str]
    env: dict[str, str]
    log: Path
    popen: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.popen = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own group: stopping it stops nothing else
            )

    @property
    def pid(self) -> int | None:
        return self.popen.pid if self.popen else None

    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def stop(self, *, kill: bool = False) -> None:
        """SIGTERM (or SIGKILL: a host that dies) to this process's own group only."""
        if not self.running():
            return
        assert self.popen is not None
        os.killpg(self.popen.pid, signal.SIGKILL if kill else signal.SIGTERM)
        try:
            self.popen.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=15)


@dataclass
class LocalCluster:
    work: Path
    database_url: str
    redis_url: str
    hosts: int = 2
    port: int = field(default_factory=free_port)
    workers: int = 1
    extra: dict[str, str] = field(default_factory=dict)  # more environment for every process
    app_ports: list[int] = field(default_factory=list)
    processes: dict[str, Process] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return f"http://localhost:{self.port}"

    def environment(self, data_dir: Path) -> dict[str, str]:
        """What every app host and worker is given (deploy/steady.env.example)."""
        return {
            **os.environ,
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "PORTAL_ENV": "prod",
            "PORTAL_DATA_DIR": str(data_dir),
            "PORTAL_DATABASE_URL": self.database_url,
            "PORTAL_REDIS_URL": self.redis_url,
            "PORTAL_SECRET_KEY": self._secret(),
            "PORTAL_PUBLIC_ORIGIN": self.origin,
            "PORTAL_VAPID_FILE": str(data_dir / "vapid.pem"),
            "PORTAL_REMINDERS_IN_PROCESS": "0",
            "PORTAL_TRUSTED_PROXY_HOPS": "1",
            "REFLEX_WEB_WORKDIR": str(self.work / "web"),
            "REFLEX_STATES_WORKDIR": str(data_dir / "states"),
            "REFLEX_USE_NPM": "1",
            **self.extra,
        }

    def _secret(self) -> str:
        path = self.work / "secret"
        if not path.exists():
            path.write_text(secrets.token_urlsafe(48))
        return path.read_text().strip()

    def _run(self, *args: str, data_dir: Path) -> None:
        log = self.work / "setup.log"
        with log.open("ab") as out:
            done = subprocess.run(
                [str(BIN / "portal"), *args],
                cwd=ROOT,
                env=self.environment(data_dir),
                stdout=out,
                stderr=subprocess.STDOUT,
                check=False,
            )
        if done.returncode != 0:
            raise RuntimeError(f"portal {' '.join(args)} failed; see {log}")

    def prepare(self, *, seed: bool = True, build: bool = True) -> None:
        """Migrate (once, as the deploy's migration step), seed, make the VAPID key and build
        the pages once; each host gets its own data folder with a copy of the key."""
        self.work.mkdir(parents=True, exist_ok=True)
        setup = self.work / "setup"
        setup.mkdir(exist_ok=True)
        self._run("migrate", data_dir=setup)
        self._run("vapid-keys", data_dir=setup)
        if seed:
            self._run("seed-demo", data_dir=setup)
        for index in range(self.hosts):
            host = self.work / f"host-{index + 1}"
            host.mkdir(exist_ok=True)
            shutil.copy2(setup / "vapid.pem", host / "vapid.pem")
        if build and not (self.work / "web" / "build" / "client").is_dir():
            self._run("build", data_dir=setup)

    def start(self) -> None:
        self.app_ports = self.app_ports or [free_port() for _ in range(self.hosts)]
        for index in range(self.hosts):
            self.start_host(index)
        for index in range(self.workers):
            self._start(
                f"worker-{index + 1}",
                [str(BIN / "portal"), "worker"],
                self.work / f"host-{(index % self.hosts) + 1}",
            )
        for index in range(self.hosts):
            self.wait_healthy(f"http://127.0.0.1:{self.app_ports[index]}")
        self._start_proxy()
        self.wait_healthy(self.origin)

    def _start(self, name: str, command: list[str], data_dir: Path) -> Process:
        process = Process(name, command, self.environment(data_dir), self.work / f"{name}.log")
        process.start()
        self.processes[name] = process
        return process

    def start_host(self, index: int) -> Process:
        address = f"127.0.0.1:{self.app_ports[index]}"
        data_dir = self.work / f"host-{index + 1}"
        return self._start(f"app-{index + 1}", [str(BIN / "portal"), "serve", address], data_dir)

    def host(self, index: int) -> Process:
        return self.processes[f"app-{index + 1}"]

    def _start_proxy(self) -> None:
        nginx_dir = self.work / "nginx"
        for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (nginx_dir / sub).mkdir(parents=True, exist_ok=True)
        servers = "\n".join(
            f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;"
            for port in self.app_ports
        )
        template = (DEPLOY / "nginx" / "local.conf.template").read_text()
        conf = template.format(
            work=nginx_dir,
            deploy=DEPLOY,
            servers=servers,
            port=self.port,
            user=f"user {getpass.getuser()};" if os.geteuid() == 0 else "",
        )
        (nginx_dir / "nginx.conf").write_text(conf)
        command = [NGINX, "-p", str(nginx_dir), "-c", str(nginx_dir / "nginx.conf")]
        self._start("nginx", command, nginx_dir)

    def wait_healthy(self, origin: str, timeout: float = START_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(origin + "/api/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            dead = [p.name for p in self.processes.values() if p.popen and not p.running()]
            if dead:
                raise RuntimeError(f"{', '.join(dead)} stopped; see {self.work}/*.log")
            time.sleep(0.5)
        raise RuntimeError(f"{origin} did not answer in {timeout:.0f} s; see {self.work}")

    def stop(self) -> None:
        for process in reversed(list(self.processes.values())):
            process.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--work", type=Path, default=ROOT / "data" / "cluster")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "PORTAL_CLUSTER_DATABASE_URL", "postgresql://127.0.0.1/steady_cluster"
        ),
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("PORTAL_CLUSTER_REDIS_URL", "redis://127.0.0.1:6379/5"),
    )
    args = parser.parse_args(argv)
    try:
        ensure_postgres_database(args.database_url)
    except sa.exc.OperationalError:
        print(f"PostgreSQL is not answering at {args.database_url}.", file=sys.stderr)
        print("Install and start it: sudo apt-get install postgresql", file=sys.stderr)
        return 1
    cluster = LocalCluster(args.work, args.database_url, args.redis_url, port=args.port)
    # Ctrl+C or a plain kill: stop every process this started, by its own group.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        print(f"Preparing in {args.work} (the first build takes a minute)...", flush=True)
        cluster.prepare()
        cluster.start()
        ports = ", ".join(str(p) for p in cluster.app_ports)
        print(f"Steady is at {cluster.origin}: nginx in front of app hosts on ports {ports}.")
        print("Logs are in", args.work, "- press Ctrl+C to stop everything.", flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return 0
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
