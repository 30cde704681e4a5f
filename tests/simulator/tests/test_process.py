from __future__ import annotations

import os
import signal
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import trustme

from simulator_control import ROOT_USER, SIMULATOR_ROOT, SIMULATOR_SCRIPT, Simulator, http_session, port_offset, start_simulator


def test_simulator_json_describes_every_array(sim: Simulator) -> None:
    arrays = sim.info["arrays"]
    assert sorted(arrays) == ["site-a", "site-b", "site-c", "site-d", "site-e", "site-f"]
    assert len({a["port"] for a in arrays.values()}) == 6
    for array in arrays.values():
        assert array["url"] == f"https://127.0.0.1:{array['port']}" and len(array["boxid"]) == 40
    assert Path(sim.ca_path).is_absolute() and Path(sim.ca_path).read_text().startswith("-----BEGIN CERTIFICATE-----")


def test_wrong_ca_is_refused_right_ca_accepted(sim: Simulator, tmp_path: Path) -> None:
    other = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    with pytest.raises(requests.exceptions.SSLError):
        http_session(str(other)).get(sim.url("site-a") + "/admin/settings")
    ok = http_session(sim.ca_path).get(sim.url("site-a").replace("127.0.0.1", "localhost") + "/admin/settings")
    assert ok.status_code == 200
    context = ssl.create_default_context(cafile=sim.ca_path)
    port = sim.info["arrays"]["site-a"]["port"]
    with context.wrap_socket(__import__("socket").create_connection(("127.0.0.1", port)), server_hostname="127.0.0.1") as tls:
        assert tls.version() is not None


def test_log_has_requests_but_no_secrets(sim: Simulator) -> None:
    client = sim.client()
    client.get("/api/v1/copysession/1")
    refresh = http_session(sim.ca_path).post(
        sim.url("site-a") + "/api/v1/session",
        json={"user_name": ROOT_USER[0], "password": ROOT_USER[1], "is_refresh_token_required": True},
    ).json()
    log = sim.log_path.read_text()
    assert "site-a GET /api/v1/copysession/1 200" in log
    for secret in (ROOT_USER[1], "Eternus-t1-1", client.login["token"], refresh["token"], refresh["refresh_token"]):
        assert secret not in log


def test_module_start_and_sigterm(scenario_file: Path, tmp_path: Path) -> None:
    process, sim = start_simulator(tmp_path, scenario_file)
    try:
        assert sim.info["pid"] == process.pid
        assert (tmp_path / "ca.pem").exists()
        assert http_session(sim.ca_path).get(sim.url("site-f") + "/admin/settings").status_code == 200
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        assert not (tmp_path / "simulator.json").exists()
    finally:
        if process.poll() is None:
            process.kill()


def test_bad_scenario_fails_to_start(tmp_path: Path) -> None:
    scenario = tmp_path / "bad.yml"
    scenario.write_text("users: [{name: root, password: x}]\narrays: [{name: a, boxid: short, port: 0}]\n")
    result = subprocess.run(
        [sys.executable, "-m", "eternus_simulator", "--scenario", str(scenario), "--state-dir", str(tmp_path)],
        env={"PYTHONPATH": str(SIMULATOR_ROOT)},
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert result.returncode != 0 and "boxid must be 40 characters" in result.stderr


def test_the_start_script_stops_only_its_own_simulator(tmp_path: Path) -> None:
    """A pid file left by an earlier run may name a process that reused the number: it must not be killed."""
    env = dict(os.environ, SIM_PORT_OFFSET=str(port_offset(180)))
    ours, stale = tmp_path / "ours", tmp_path / "stale"
    subprocess.run([str(SIMULATOR_SCRIPT), "start", str(ours)], check=True, env=env, capture_output=True, timeout=60)
    pid = int((ours / "pid").read_text())
    try:
        stale.mkdir()
        (stale / "pid").write_text(str(pid))
        subprocess.run([str(SIMULATOR_SCRIPT), "stop", str(stale)], check=True, capture_output=True, timeout=30)
        assert Path("/proc/%d" % pid).exists(), "a stale pid file elsewhere stopped this simulator"
        assert not (stale / "pid").exists()
        # Its own state directory stops it, also given relative to another working directory.
        subprocess.run([str(SIMULATOR_SCRIPT), "stop", "ours"], check=True, capture_output=True, timeout=30, cwd=tmp_path)
        for _attempt in range(50):
            if not Path("/proc/%d" % pid).exists():
                break
            time.sleep(0.1)
        assert not Path("/proc/%d" % pid).exists() or "zombie" in Path("/proc/%d/status" % pid).read_text().lower()
    finally:
        subprocess.run([str(SIMULATOR_SCRIPT), "stop", str(ours)], check=False, capture_output=True, timeout=30)
