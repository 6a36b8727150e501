#!/usr/bin/env bash
# Here (a machine with pip and the data): bundle what a GPU host without network needs to run
# the gpu tier, into .gpu/ (ignored by git; 64 MiB budget with the code):
#   .gpu/whl/   wheels the host lacks (keras and its small pure-Python needs), for Python 3.12
#   .gpu/data/  mnist/mnist.npz (11.5 MB) and celeba/celeba_96.npz (the 96x96 subset as JPEG
#               quality 85 inside one npz, ~42 MiB; vaecore.data reads it when no JPEG folder is there)
# Usage: VAECLAIMS_DATA=../shared/data scripts/gpu_host/prepare.sh [PYTHON_VERSION=3.12]
set -euo pipefail
cd "$(dirname "$0")/../.."
py="${1:-3.12}"
data="${VAECLAIMS_DATA:?set VAECLAIMS_DATA to the data folder (mnist/, celeba/img_align_celeba/)}"
rm -rf .gpu && mkdir -p .gpu/whl .gpu/data/mnist .gpu/data/celeba
for pkg in "keras==$(python3 -c 'import keras; print(keras.__version__)')" namex optree platformdirs; do
  python3 -m pip download -q --no-deps --only-binary=:all: --python-version "$py" --implementation cp \
    --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \
    -d .gpu/whl "$pkg"
done
cp "$data/mnist/mnist.npz" .gpu/data/mnist/
python3 -m vaecore.data export-celeba --size 96 --quality 85 --root "$data" --out .gpu/data/celeba/
du -sh .gpu/whl .gpu/data
