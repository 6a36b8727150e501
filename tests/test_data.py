"""The data layer: locating, checksums, CelebA decoding and its cache."""

import hashlib
import os

import numpy as np
import pytest
from PIL import Image

from vaecore import data
from vaecore.errors import (
    ChecksumError,
    CorruptImageError,
    CorruptImageWarning,
    DataNotFoundError,
    ExportError,
    VaeClaimsError,
)


def _write_mnist(root, n=5):
    (root / "mnist").mkdir(parents=True)
    rng = np.random.default_rng(0)
    arrays = {k: rng.integers(0, 255, (n, 28, 28), dtype=np.uint8) for k in ("x_train", "x_test")}
    arrays |= {k: rng.integers(0, 10, n, dtype=np.uint8) for k in ("y_train", "y_test")}
    np.savez(root / "mnist" / "mnist.npz", **arrays)
    return root / "mnist" / "mnist.npz"


def _write_faces(folder, sizes):
    folder.mkdir(parents=True)
    rng = np.random.default_rng(1)
    for i, (w, h) in enumerate(sizes, start=1):
        pixels = rng.integers(0, 255, (h, w, 3), dtype=np.uint8)
        Image.fromarray(pixels).save(folder / f"{i:06d}.jpg", quality=90)


def test_missing_folder_names_the_setting_and_the_path(tmp_path):
    # Check that a missing data set raises the package error naming VAECLAIMS_DATA and the file.
    with pytest.raises(DataNotFoundError, match=r"VAECLAIMS_DATA.*") as err:
        data.load_mnist(root=tmp_path)
    assert str(tmp_path / "mnist" / "mnist.npz") in str(err.value)


def test_env_variable_is_the_data_root(tmp_path, monkeypatch):
    # Check that VAECLAIMS_DATA is used when no root is passed.
    _write_mnist(tmp_path)
    monkeypatch.setenv("VAECLAIMS_DATA", str(tmp_path))
    (x_train, _), (x_test, _) = data.load_mnist()
    assert x_train.shape == (5, 28, 28) and x_test.dtype == np.uint8


def test_bad_checksum_names_the_file(tmp_path):
    # Check that a SHA256SUMS entry that does not match raises ChecksumError naming the file.
    path = _write_mnist(tmp_path)
    (tmp_path / "SHA256SUMS").write_text(f"{'0' * 64}  mnist/mnist.npz\n")
    with pytest.raises(ChecksumError, match="mnist.npz"):
        data.load_mnist(root=tmp_path)
    good = hashlib.sha256(path.read_bytes()).hexdigest()
    (tmp_path / "SHA256SUMS").write_text(f"{good}  mnist/mnist.npz\n")
    assert data.load_mnist(root=tmp_path)[0][0].shape == (5, 28, 28)


def test_wifi_table_splits_signals_and_rooms(tmp_path):
    # Check the 7 signal columns and the room column of the UCI layout.
    (tmp_path / "wifi").mkdir()
    (tmp_path / "wifi" / "wifi_localization.txt").write_text("-64\t-56\t-61\t-66\t-71\t-82\t-81\t1\n" * 3)
    signals, room = data.load_wifi(root=tmp_path)
    assert signals.shape == (3, 7) and list(room) == [1, 1, 1]


def test_celeba_missing_explains_where_to_put_it(tmp_path):
    # Check that CelebA is never downloaded and the error says where the faces go.
    with pytest.raises(DataNotFoundError, match=r"celeba/img_align_celeba.*VAECLAIMS_DATA"):
        data.load_celeba(size=16, root=tmp_path)


@pytest.mark.parametrize("size", [16, 24], ids=["16px", "24px"])
def test_celeba_mixed_sizes_become_square_uint8(tmp_path, size):
    # Check that full-size, half-size and odd images all become size x size x 3 uint8.
    _write_faces(tmp_path / "celeba" / "img_align_celeba", [(178, 218), (89, 109), (50, 40)])
    faces = data.load_celeba(size=size, root=tmp_path)
    assert faces.shape == (3, size, size, 3) and faces.dtype == np.uint8


def test_celeba_centre_crop_keeps_the_middle():
    # Check that the crop is centred: a tall image with a red middle band stays red.
    pixels = np.zeros((30, 10, 3), np.uint8)
    pixels[10:20] = (255, 0, 0)
    out = np.asarray(data.square_crop_resize(Image.fromarray(pixels), 10))
    assert out[..., 0].mean() > 240 and out[..., 1].mean() < 15


def test_celeba_second_load_comes_from_the_cache(tmp_path, monkeypatch):
    # Check that the decoded array is cached and reused: no JPEG is decoded the second time.
    _write_faces(tmp_path / "celeba" / "img_align_celeba", [(60, 70)] * 4)
    first = data.load_celeba(size=16, root=tmp_path)
    monkeypatch.setattr(data, "_decode_face", lambda *a: pytest.fail("decoded again"))
    np.testing.assert_array_equal(data.load_celeba(size=16, root=tmp_path), first)


def test_celeba_truncated_cache_is_decoded_again(tmp_path):
    # Check that a truncated cache file is not used but rebuilt.
    _write_faces(tmp_path / "celeba" / "img_align_celeba", [(60, 70)] * 3)
    first = data.load_celeba(size=16, root=tmp_path)
    (cached,) = (tmp_path / "cache" / "celeba").glob("*.npy")
    cached.write_bytes(cached.read_bytes()[:100])
    np.testing.assert_array_equal(data.load_celeba(size=16, root=tmp_path), first)


def test_celeba_checksum_mismatch_names_the_image(tmp_path):
    # Check that celeba/SHA256SUMS is honoured image by image.
    _write_faces(tmp_path / "celeba" / "img_align_celeba", [(60, 70)] * 2)
    (tmp_path / "celeba" / "SHA256SUMS").write_text(f"{'0' * 64}  000002.jpg\n")
    with pytest.raises(ChecksumError, match="000002.jpg"):
        data.load_celeba(size=16, root=tmp_path)


def test_download_is_verified_before_it_lands(tmp_path, monkeypatch):
    # Check that a download with the wrong sha256 is rejected and leaves no file behind.
    def fake_retrieve(url, dest):
        open(dest, "wb").write(b"not mnist")

    monkeypatch.setattr(data.urllib.request, "urlretrieve", fake_retrieve)
    dest = tmp_path / "mnist" / "mnist.npz"
    with pytest.raises(ChecksumError, match="mnist.npz"):
        data._download(data.MNIST_URL, dest, data.MNIST_SHA256)
    assert not dest.exists() and not list(dest.parent.glob("*.part"))


def test_failed_download_names_the_file_and_the_setting(tmp_path, monkeypatch):
    # Check that an offline machine gets DataNotFoundError naming the file and VAECLAIMS_DATA,
    # not urllib's URLError.
    def offline(url, dest):
        raise data.urllib.error.URLError("Name or service not known")

    monkeypatch.setattr(data.urllib.request, "urlretrieve", offline)
    monkeypatch.setattr(data, "is_default_root", lambda root: True)
    with pytest.raises(DataNotFoundError, match="mnist.npz.*VAECLAIMS_DATA"):
        data._locate(tmp_path, "mnist/mnist.npz", "MNIST", data.MNIST_URL, data.MNIST_SHA256)


def _break_faces(folder):
    # 000002.jpg: text named .jpg; 000003.jpg: a JPEG cut in half.
    (folder / "000002.jpg").write_text("<html>not found</html>")
    good = (folder / "000003.jpg").read_bytes()
    (folder / "000003.jpg").write_bytes(good[: len(good) // 2])


@pytest.mark.parametrize("name", ["000002.jpg", "000003.jpg"], ids=["not-an-image", "truncated"])
def test_celeba_unreadable_image_names_the_file_and_the_way_out(tmp_path, name):
    # Check that a non-image or truncated *.jpg raises CorruptImageError naming the file and the
    # bad_images='skip' way out.
    folder = tmp_path / "celeba" / "img_align_celeba"
    _write_faces(folder, [(60, 70)] * 4)
    _break_faces(folder)
    (folder / ({"000002.jpg", "000003.jpg"} - {name}).pop()).unlink()  # only the one under test
    with pytest.raises(CorruptImageError, match="bad_images='skip'") as err:
        data.load_celeba(size=16, root=tmp_path)
    assert str(folder / name) in str(err.value) and isinstance(err.value, VaeClaimsError)


def test_celeba_skip_warns_naming_the_files_and_loads_the_rest(tmp_path, monkeypatch):
    # Check that bad_images='skip' loads the good faces, warns naming both bad files, cached loads too,
    # and that the skip run's cache never serves a 'raise' load.
    folder = tmp_path / "celeba" / "img_align_celeba"
    _write_faces(folder, [(60, 70)] * 4)
    good = data.load_celeba(size=16, root=tmp_path)
    _break_faces(folder)
    for _ in range(2):  # decoded, then from the cache
        with pytest.warns(CorruptImageWarning) as record:
            faces = data.load_celeba(size=16, root=tmp_path, bad_images="skip")
        (warning,) = record
        assert str(folder / "000002.jpg") in str(warning.message) and "000003.jpg" in str(warning.message)
        assert warning.filename == __file__  # stacklevel=2: the caller's line
        np.testing.assert_array_equal(faces, good[[0, 3]])
        monkeypatch.setattr(data, "_decode_face", lambda *a: pytest.fail("decoded again"))
    monkeypatch.undo()
    with pytest.raises(CorruptImageError, match="000002.jpg"):
        data.load_celeba(size=16, root=tmp_path)


@pytest.mark.parametrize("size", [0, -3, 2.5, "64", True, None])
def test_celeba_bad_size_names_the_value(tmp_path, size):
    # Check that a size that is not a positive int is refused with its value, before any disk access.
    with pytest.raises(ValueError, match=rf"size={size!r} should be a positive int"):
        data.load_celeba(size=size, root=tmp_path / "absent")
    with pytest.raises(ValueError, match=rf"size={size!r}"):
        data.export_celeba(size, tmp_path / "out.npz", root=tmp_path / "absent")


@pytest.mark.parametrize("option", [dict(bad_images="ignore"), dict(quality=0), dict(quality=100)])
def test_celeba_bad_options_name_the_value(tmp_path, option):
    # Check that bad_images and quality outside their ranges are refused with their value.
    (key, value), = option.items()
    with pytest.raises(ValueError, match=rf"{key}={value!r}"):
        data.export_celeba(16, tmp_path / "out.npz", root=tmp_path, **option)


def _move_folder_away(tmp_path):
    folder = tmp_path / "celeba" / "img_align_celeba"
    folder.rename(tmp_path / "moved")


@pytest.mark.parametrize("quality", [None, 85], ids=["raw", "jpeg85"])
def test_celeba_export_round_trip(tmp_path, quality):
    # Check that load_celeba reads celeba/celeba_<size>.npz alone where the folder is absent:
    # the raw export gives the same array, the JPEG export one close to it.
    _write_faces(tmp_path / "celeba" / "img_align_celeba", [(178, 218), (89, 109), (50, 40)])
    faces = data.load_celeba(size=24, root=tmp_path)
    path = data.export_celeba(24, tmp_path / "celeba", root=tmp_path, quality=quality)
    assert path == tmp_path / "celeba" / "celeba_24.npz"
    _move_folder_away(tmp_path)
    loaded = data.load_celeba(size=24, root=tmp_path)
    assert loaded.shape == faces.shape and loaded.dtype == np.uint8
    if quality is None:
        np.testing.assert_array_equal(loaded, faces)
    else:
        assert np.abs(loaded.astype(int) - faces).mean() < 20  # random noise is JPEG's worst case
        np.testing.assert_array_equal(data.load_celeba(size=24, root=tmp_path), loaded)  # cached
    assert data.load_celeba(size=24, root=tmp_path, limit=2).shape == (2, 24, 24, 3)
    with np.load(path) as f:
        assert list(f["names"]) == ["000001.jpg", "000002.jpg", "000003.jpg"] and int(f["size"]) == 24


def test_celeba_export_of_another_size_is_refused(tmp_path):
    # Check that an export whose contents do not match the requested size is an ExportError naming both.
    _write_faces(tmp_path / "celeba" / "img_align_celeba", [(60, 70)] * 2)
    path = data.export_celeba(16, tmp_path / "elsewhere" / "x.npz", root=tmp_path)
    _move_folder_away(tmp_path)
    path.rename(tmp_path / "celeba" / "celeba_24.npz")
    with pytest.raises(ExportError, match=r"celeba_24\.npz.*size=16.*size=24.*export-celeba --size 24"):
        data.load_celeba(size=24, root=tmp_path)
    (tmp_path / "celeba" / "celeba_24.npz").write_bytes(b"PK\x03\x04 cut short")
    with pytest.raises(ExportError, match=r"celeba_24\.npz: not a readable CelebA export"):
        data.load_celeba(size=24, root=tmp_path)


def test_celeba_missing_names_the_export_too(tmp_path):
    # Check that with neither folder nor export the error names both places.
    with pytest.raises(DataNotFoundError, match=r"celeba/celeba_16\.npz.*export-celeba"):
        data.load_celeba(size=16, root=tmp_path)


def test_export_command_line(tmp_path, capsys):
    # Check the export-celeba command: it writes the file and prints where; a bad size is an error line.
    _write_faces(tmp_path / "celeba" / "img_align_celeba", [(60, 70)] * 2)
    out = tmp_path / "out" / "celeba_16.npz"
    assert data.main(["export-celeba", "--size", "16", "--out", str(out), "--root", str(tmp_path),
                      "--quality", "85"]) == 0
    assert str(out) in capsys.readouterr().out and out.is_file()
    assert data.main(["export-celeba", "--size", "16", "--out", f"{tmp_path}/new/", "--root", str(tmp_path)]) == 0
    assert (tmp_path / "new" / "celeba_16.npz").is_file()  # a trailing / names a folder to create
    assert data.main(["export-celeba", "--size", "0", "--out", str(out), "--root", str(tmp_path)]) == 1
    assert "size=0" in capsys.readouterr().err


@pytest.mark.skipif(not os.environ.get("VAECLAIMS_DATA"), reason="needs VAECLAIMS_DATA (real CelebA)")
def test_real_celeba_first_faces_decode(tmp_path):
    # Check the real folder's first 20 faces decode at 16 px with the default bad_images='raise'.
    faces = data.load_celeba(size=16, root=os.environ["VAECLAIMS_DATA"], limit=20)
    assert faces.shape == (20, 16, 16, 3) and faces.std() > 10
