"""The shared cache: a lost store race, the soft lock and its stale holders, the remote mirror."""

import os
import platform
import signal
import subprocess
import sys
import textwrap
import time
import warnings

import numpy as np
import pytest

from tests.test_train import TINY, tiny_images
from vaecore import checkpoints
from vaecore.checkpoints import CacheWarning, lock_path
from vaecore.train import _entry, encode, train_or_load

_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3"}


def _python(script: str, *args, **kwargs):
    """Run ``script`` in a fresh interpreter that imports this checkout first."""
    code = f"import sys; sys.path.insert(0, {os.getcwd()!r})\n" + textwrap.dedent(script)
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], env={**os.environ, **_ENV},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


# --- a lost race: two hosts that do not share the lock finish the same entry ----------------------

_RACE = """
    import pathlib, time
    import numpy as np
    from contextlib import nullcontext
    from tests.test_train import TINY, tiny_images
    import vaecore.checkpoints as checkpoints
    import vaecore.train as train
    from vaecore.train import encode, train_or_load

    gate = pathlib.Path(sys.argv[1])
    checkpoints.entry_lock = lambda folder: nullcontext()  # hosts that do not share the lock
    train.save_partial = lambda *args: None  # nor their partial states (one folder, fixed temp names)
    place = checkpoints._place

    def place_when_both_trained(tmp, folder, identity):  # both reach the rename before either renames
        (gate / str(len(list(gate.iterdir())))).touch()
        deadline = time.time() + 120
        while len(list(gate.iterdir())) < 2 and time.time() < deadline:
            time.sleep(0.05)
        return place(tmp, folder, identity)

    checkpoints._place = place_when_both_trained
    run = train_or_load(TINY, images=tiny_images(), quiet=True)
    mu = encode(run.model, tiny_images(8, seed=1))["mu"]
    print("FROM_CACHE", run.from_cache, "SHA", run.meta["weights_sha256"], "MU", mu.tobytes().hex())
"""


def test_a_lost_store_race_loads_the_sound_entry_stored_first(tmp_path):
    # Check that two processes without a common lock both train and store one entry without an
    # error: the first rename wins, the second discards its copy and loads the winner's weights.
    gate = tmp_path / "gate"
    gate.mkdir()
    procs = [_python(_RACE, gate) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err[-2000:] for _, err in outs]
    lines = [next(line.split() for line in out.splitlines() if line.startswith("FROM_CACHE")) for out, _ in outs]
    assert sorted(line[1] for line in lines) == ["False", "True"]
    assert lines[0][3] == lines[1][3] and lines[0][5] == lines[1][5]  # one sha256, one encoding
    assert len(list(gate.iterdir())) == 2  # both trained
    assert not [p.name for p in (tmp_path / "cache" / "models").iterdir() if p.name.startswith(".")]


def test_store_onto_an_existing_entry_keeps_a_sound_one_and_replaces_an_unsound_one():
    # Check _store directly: onto a sound entry it stores nothing and returns that entry's meta;
    # onto a truncated one it reports and replaces it.
    first = train_or_load(TINY, images=tiny_images(), quiet=True)
    meta = {k: v for k, v in first.meta.items() if k not in ("weights_sha256", "host", "device")}
    other = train_or_load(TINY.prefix(1), images=tiny_images(), quiet=True).model  # other weights
    kept, stored = checkpoints._store(first.path, other, meta)
    assert not stored and kept == first.meta
    weights = first.path / checkpoints.WEIGHTS
    weights.write_bytes(weights.read_bytes()[:100])
    with pytest.warns(CacheWarning, match="replaced"):
        replaced, stored = checkpoints._store(first.path, other, meta)
    assert stored and replaced["weights_sha256"] == checkpoints.sha256_file(weights)


def test_meta_records_host_and_device():
    meta = train_or_load(TINY, images=tiny_images(), quiet=True).meta
    assert meta["host"] == platform.node()
    assert meta["device"].startswith(("CPU (", "GPU ("))


# --- the soft lock and its stale holders ----------------------------------------------------------

_HOLD = """
    import os, signal, time
    from tests.test_train import TINY
    from vaecore.checkpoints import entry_lock
    from vaecore.train import _entry

    with entry_lock(_entry(TINY)[0]):
        print("HOLDING", flush=True)
        if sys.argv[1] == "die":
            os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(600)
"""


def _holder(mode: str):
    proc = _python(_HOLD, mode)
    assert proc.stdout.readline().strip() == "HOLDING", proc.stderr.read()
    return proc


def test_a_lock_left_by_a_dead_process_is_broken_and_training_proceeds():
    # Check that a lock file whose holder (this host) was killed is broken with a CacheWarning
    # naming the file, the host and the pid, and that the entry is then trained.
    dead = _holder("die")
    dead.wait(timeout=60)
    path = lock_path(_entry(TINY)[0])
    assert dead.returncode == -signal.SIGKILL and path.exists()
    with pytest.warns(CacheWarning, match=rf"lock {path} held by pid {dead.pid} on host "
                                          rf"{platform.node()} is stale \(its process is gone\)"):
        run = train_or_load(TINY, images=tiny_images(), quiet=True)
    assert not run.from_cache and not path.exists()


def test_a_lock_not_refreshed_for_the_stale_timeout_is_broken(monkeypatch):
    # Check that a live holder's lock older than VAECLAIMS_LOCK_STALE_S (a hung run, or one on a
    # host this one cannot probe) is broken after that timeout, and not before.
    monkeypatch.setenv("VAECLAIMS_LOCK_STALE_S", "60")
    alive = _holder("hold")
    try:
        path = lock_path(_entry(TINY)[0])
        with warnings.catch_warnings():
            warnings.simplefilter("error", CacheWarning)
            checkpoints._break_if_stale(path)  # fresh and alive: left alone
        assert path.exists()
        old = time.time() - 61
        os.utime(path, (old, old))
        with pytest.warns(CacheWarning, match=rf"pid {alive.pid} .*not refreshed for 6\d s, over "
                                              r"VAECLAIMS_LOCK_STALE_S=60"):
            run = train_or_load(TINY, images=tiny_images(), quiet=True)
        assert not run.from_cache
    finally:
        alive.kill()
        alive.wait()


@pytest.mark.parametrize("host, pid_state, age_s, expected", [
    ("here", "alive", 10, None),
    ("here", "dead", 10, "its process is gone"),
    ("elsewhere", "dead", 10, None),  # another host's pid says nothing here
    ("elsewhere", "alive", 7 * 3600, "not refreshed for 25200 s"),
    (None, None, 10, None),  # an empty lock file (filelock < 3.22): judged by its age only
], ids=["live-here", "dead-here", "young-elsewhere", "old-elsewhere", "empty"])
def test_stale_reason(host, pid_state, age_s, expected, monkeypatch):
    # Check which lock holders count as stale under the default 6 h timeout.
    monkeypatch.delenv("VAECLAIMS_LOCK_STALE_S", raising=False)
    monkeypatch.setattr(checkpoints, "_alive", lambda pid: pid_state == "alive")
    host = platform.node() if host == "here" else host
    reason = checkpoints._stale_reason(host, None if pid_state is None else 1234, age_s)
    assert (reason is None) if expected is None else reason.startswith(expected)


@pytest.mark.parametrize("text, expected", [
    ("4321\nnode-7\n99887766\n", ("node-7", 4321)),
    ("4321\nnode-7\n", ("node-7", 4321)),
    ("filelock/2\npid=4321\nhost=node-7\nmode=exclusive\n", ("node-7", 4321)),
    ("", (None, None)),
], ids=["pid-host-start", "pid-host", "filelock2-marker", "empty"])
def test_lock_holder_reads_filelocks_markers(text, expected):
    assert checkpoints._lock_holder(text) == expected


# --- the remote mirror ------------------------------------------------------------------------------

@pytest.fixture(params=["memory", "file"])
def remote(request, tmp_path, monkeypatch):
    """An empty mirror (fsspec's in-memory filesystem, or a local folder) as VAECLAIMS_CACHE_REMOTE."""
    fsspec = pytest.importorskip("fsspec")  # the optional extra "remote"
    url = f"memory://{tmp_path.name}/remote" if request.param == "memory" else (tmp_path / "remote").as_uri()
    monkeypatch.setenv("VAECLAIMS_CACHE_REMOTE", url)
    yield url
    if request.param == "memory":
        fsspec.filesystem("memory").rm(f"/{tmp_path.name}", recursive=True)


def test_a_mirrored_entry_loads_in_an_empty_cache_without_training(remote, tmp_path, monkeypatch, capsys):
    # Check the round trip: trained in cache A and pushed, then pulled (checked) into an empty cache B.
    first = train_or_load(TINY, images=tiny_images(), quiet=True)
    monkeypatch.setenv("VAECLAIMS_CACHE", str(tmp_path / "cache-b"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        second = train_or_load(TINY, images=tiny_images(), quiet=False)
    assert second.from_cache and "cache miss" not in capsys.readouterr().err
    assert second.meta == first.meta and (second.path / "meta.json").is_file()
    x = tiny_images(8, seed=1)
    np.testing.assert_array_equal(encode(first.model, x)["mu"], encode(second.model, x)["mu"])


@pytest.mark.parametrize("damage", ["truncate_weights", "weights_without_meta"])
def test_a_partial_or_corrupt_upload_is_rejected_and_retrained(damage, remote, tmp_path, monkeypatch):
    # Check that a truncated upload is reported and retrained (then pushed again, sound), and that
    # weights without their meta.json (an upload cut short) count as no copy at all.
    import fsspec

    first = train_or_load(TINY, images=tiny_images(), quiet=True)
    fs, base = fsspec.core.url_to_fs(f"{remote}/models/{first.path.name}")
    if damage == "truncate_weights":
        data = fs.cat_file(f"{base}/model.weights.h5")
        fs.pipe_file(f"{base}/model.weights.h5", data[: len(data) // 2])
    else:
        fs.rm_file(f"{base}/meta.json")
    monkeypatch.setenv("VAECLAIMS_CACHE", str(tmp_path / "cache-b"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CacheWarning)
        again = train_or_load(TINY, images=tiny_images(), quiet=True)
    messages = [str(w.message) for w in caught if w.category is CacheWarning]
    assert not again.from_cache
    if damage == "truncate_weights":
        assert len(messages) == 1 and "rejected" in messages[0] and "checksum" in messages[0]
    else:
        assert not messages
    monkeypatch.setenv("VAECLAIMS_CACHE", str(tmp_path / "cache-c"))
    assert train_or_load(TINY, images=tiny_images(), quiet=True).from_cache  # the retrained copy was pushed
