"""A throwaway CA and server certificate (localhost, 127.0.0.1) for the HTTPS listeners."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import trustme


@dataclass
class TlsFiles:
    ca_path: Path
    cert_path: Path
    key_path: Path


def make_tls_files(state_dir: Path) -> TlsFiles:
    ca = trustme.CA(organization_name="ETERNUS simulator")
    server = ca.issue_cert("localhost", "127.0.0.1")
    files = TlsFiles(state_dir / "ca.pem", state_dir / "server.pem", state_dir / "server-key.pem")
    ca.cert_pem.write_to_path(str(files.ca_path))
    server.private_key_and_cert_chain_pem.write_to_path(str(files.cert_path))
    server.private_key_pem.write_to_path(str(files.key_path))
    os.chmod(files.key_path, 0o600)
    return files
