#!/usr/bin/env bash
# On the GPU host (JAX with CUDA, no TensorFlow, no network), from the repository root, with
# .gpu/ from prepare.sh beside the code: run the gpu tier on Keras-on-JAX and write the report.
# Usage: scripts/gpu_host/run.sh REPORT_DIR [extra pytest args, e.g. -k vae13 or -n 2]
# Determinism: XLA's deterministic GPU ops are on (bit-identical reruns on the same GPU and
# versions; not across GPU models or JAX versions).
set -uo pipefail
cd "$(dirname "$0")/../.."
report="${1:?REPORT_DIR}"; shift
site=/tmp/vaeclaims-site
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target "$site" .gpu/whl/*.whl || exit 1
export PYTHONPATH="$site:$PWD" KERAS_BACKEND=jax VAECLAIMS_DATA="$PWD/.gpu/data"
export VAECLAIMS_CACHE="${VAECLAIMS_CACHE:-/tmp/vaeclaims-cache}" PYTHONUNBUFFERED=1
export XLA_FLAGS="${XLA_FLAGS:-} --xla_gpu_deterministic_ops=true" XLA_PYTHON_CLIENT_PREALLOCATE=false
nvidia-smi -L || true
python3 -m pytest claims -m gpu -p no:cacheprovider --claims-report "$report" "$@"
status=$?
[ "$status" -eq 5 ] && status=0   # nothing collected under this -k
exit "$status"
