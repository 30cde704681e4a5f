#!/usr/bin/env bash
# Writes tests/integration/integration.cfg into a staged copy: ansible-test integration uses that file as the
# configuration of its runs and passes no ANSIBLE_* variable of ours through, so this is where a test run keeps
# Ansible's temporary and async folders under the staged copy instead of the user's ~/.ansible and ~/.ansible_async.
#   tools/write_integration_cfg.sh STAGED_COLLECTION_DIR
set -euo pipefail
staged=${1:?usage: write_integration_cfg.sh STAGED_COLLECTION_DIR}
tmp=$(cd "$staged/../../.." && pwd)/ansible-tmp
mkdir -p "$tmp/local" "$tmp/remote" "$tmp/async"
cat >"$staged/tests/integration/integration.cfg" <<CFG
[defaults]
local_tmp = $tmp/local
remote_tmp = $tmp/remote
async_dir = $tmp/async
CFG
