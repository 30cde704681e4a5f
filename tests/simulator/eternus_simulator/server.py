"""Start one HTTPS listener per array, all sharing one world, in one process."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import signal
import socket
import sys
from pathlib import Path
from typing import Iterator

import uvicorn

from .app import build_app
from .dialect_book import ENV_VAR, environment_dialect
from .tls import make_tls_files
from .world import World

log = logging.getLogger("eternus_simulator")

MAX_REQUEST_HEAD_BYTES = 1024 * 1024


class ArrayServer(uvicorn.Server):
    """A uvicorn server that leaves signal handling to the simulator (several run at once)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class IntentionalDropFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "without completing response" not in record.getMessage()


def bind(port: int) -> socket.socket:
    # proto must be IPPROTO_TCP: asyncio only sets TCP_NODELAY on such sockets, and
    # without it every small response waits ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


async def serve(world: World, state_dir: Path, port_offset: int) -> None:
    tls = make_tls_files(state_dir)
    sockets: dict[str, socket.socket] = {}
    for name, array in world.arrays.items():
        sockets[name] = bind(array.port + port_offset if array.port else 0)
    servers: dict[str, ArrayServer] = {}
    for name in world.arrays:
        config = uvicorn.Config(
            build_app(world, name),
            ssl_certfile=str(tls.cert_path),
            ssl_keyfile=str(tls.key_path),
            http="h11",
            # A query of 10,000 ids (copysession_id=1,2,...) is ~50 KB: h11 refuses a request head that is still
            # incomplete beyond 16 KiB by default, so such a query would fail or not depending on how it arrives.
            # 1 MiB leaves the limit to the array's own rules (the dialect's id_list_cap).
            h11_max_incomplete_event_size=MAX_REQUEST_HEAD_BYTES,
            lifespan="off",
            log_config=None,
            access_log=False,
            # Idle keep-alive TLS connections would otherwise hold up SIGTERM.
            timeout_graceful_shutdown=1,
        )
        servers[name] = ArrayServer(config)

    def stop() -> None:
        for server in servers.values():
            server.should_exit = True

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop)
    tasks = [asyncio.create_task(servers[n].serve(sockets=[sockets[n]])) for n in servers]
    state_file = state_dir / "simulator.json"
    try:
        while not all(s.started for s in servers.values()):
            if any(t.done() for t in tasks):
                break
            await asyncio.sleep(0.02)
        else:
            arrays = {
                name: {
                    "host": "127.0.0.1",
                    "port": sockets[name].getsockname()[1],
                    "boxid": world.arrays[name].boxid,
                    "url": f"https://127.0.0.1:{sockets[name].getsockname()[1]}",
                }
                for name in servers
            }
            info = {"pid": os.getpid(), "ca_path": str(tls.ca_path.resolve()), "arrays": arrays}
            write_atomically(state_file, json.dumps(info, indent=2))
            log.info("simulator ready: %s", ", ".join(f"{n}={a['url']}" for n, a in arrays.items()))
        await asyncio.gather(*tasks)
    finally:
        stop()
        state_file.unlink(missing_ok=True)
        for sock in sockets.values():
            sock.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="eternus_simulator", description=__doc__)
    parser.add_argument("--scenario", required=True, type=Path, help="scenario YAML file")
    parser.add_argument("--state-dir", required=True, type=Path, help="where ca.pem and simulator.json go")
    parser.add_argument("--port-offset", type=int, default=0, help="added to every non-zero scenario port")
    parser.add_argument("--dialect", default=environment_dialect(),
                        help=f"preset name (scenarios/dialects/NAME.yml) or dialect file spoken on top of the "
                             f"scenario's; default: ${ENV_VAR}")
    args = parser.parse_args(argv)
    logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("uvicorn.error").addFilter(IntentionalDropFilter())
    args.state_dir.mkdir(parents=True, exist_ok=True)
    world = World(args.scenario, dialect=args.dialect)
    if args.dialect:
        log.info("dialect: %s", args.dialect)
    asyncio.run(serve(world, args.state_dir, args.port_offset))
    return 0
