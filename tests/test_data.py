"""The data layer: locating, checksums, CelebA decoding and its cache."""

import hashlib

import numpy as np
import pytest
from PIL import Image

from vaecore import data
from vaecore.errors import ChecksumError, DataNotFoundError


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
