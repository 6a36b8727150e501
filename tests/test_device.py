"""One GPU per xdist worker, tested without a GPU (the mapping is a pure function)."""

import pytest

from vaecore import device


@pytest.mark.parametrize("worker, visible, count, expected", [
    ("gw0", None, 4, "0"),
    ("gw3", None, 4, "3"),
    ("gw5", None, 4, "1"),          # more workers than GPUs: round robin
    ("gw1", "2,3", None, "3"),      # within the user's CUDA_VISIBLE_DEVICES
    ("gw2", " 6, 7 ", None, "6"),
    ("gw0", "GPU-uuid-a,GPU-uuid-b", None, "GPU-uuid-a"),
    ("master", None, 4, None),      # not an xdist worker
    (None, None, 4, None),
    ("gw0", None, 0, None),         # no GPU: leave the environment alone
], ids=["first", "fourth", "wraps", "visible", "visible-spaces", "uuids", "controller", "plain", "no-gpu"])
def test_worker_gpu_maps_each_xdist_worker_to_its_own_gpu(worker, visible, count, expected):
    # Check that worker gwK takes the K-th visible GPU, round robin, and only xdist workers are pinned.
    assert device.worker_gpu(worker, visible, count) == expected


def test_pin_worker_gpu_sets_cuda_visible_devices(monkeypatch):
    # Check that a worker's pin narrows CUDA_VISIBLE_DEVICES to one of the user's GPUs.
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "4,5")
    assert device.pin_worker_gpu("gw1") == "5"
    import os

    assert os.environ["CUDA_VISIBLE_DEVICES"] == "5"


def test_pin_worker_gpu_without_gpus_leaves_the_environment(monkeypatch):
    # Check that a host without nvidia-smi (this CI machine) is left as it is.
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES", raising=False)
    monkeypatch.setattr(device, "visible_gpu_count", lambda: 0)
    assert device.pin_worker_gpu("gw0") is None
    import os

    assert "CUDA_VISIBLE_DEVICES" not in os.environ


def test_pin_worker_gpu_respects_hidden_gpus(monkeypatch):
    # Check that CUDA_VISIBLE_DEVICES="" (every GPU hidden by the user) stays hidden.
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")
    monkeypatch.setattr(device, "visible_gpu_count", lambda: 4)
    assert device.pin_worker_gpu("gw1") is None
    import os

    assert os.environ["CUDA_VISIBLE_DEVICES"] == ""
