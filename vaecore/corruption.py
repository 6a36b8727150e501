"""Obscured inputs for denoising autoencoders (post curse1): superimposed noise, removed pixels.

The post trained its denoisers self-supervised: the obscured image in, the clean image as
the target, "almost totally obscured by superimposed noise or by randomly removed pixels"
("20 % un-obscured pixels out of 30,000 still means 6,000 clear pixels").

* ``Corruption("drop", 0.8)``: each pixel (all its channels) is set to 0 with probability 0.8;
* ``Corruption("noise", 1.0)``: Gaussian noise of standard deviation 1.0 (the full [0, 1]
  range) is added to every value, then clipped to [0, 1].

A :class:`Corruption` is frozen and hashable: as a field of ``TrainConfig`` it keys the cache.

>>> import numpy as np
>>> x = np.ones((2, 4, 4, 1), np.float32)
>>> float(Corruption("drop", 0.75).apply(x, seed=0).mean())
0.25
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

KINDS = ("drop", "noise")


@dataclass(frozen=True)
class Corruption:
    kind: str
    amount: float

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind={self.kind!r} should be one of {KINDS}.")
        if not self.amount > 0 or (self.kind == "drop" and not self.amount < 1):
            raise ValueError(f"amount={self.amount} should be > 0 (and < 1 for 'drop').")

    @property
    def name(self) -> str:
        return f"{self.kind}{self.amount:g}"

    def apply(self, images: np.ndarray, seed: int = 0) -> np.ndarray:
        """The obscured copy of ``images`` (float in [0, 1], N x H x W x C), seeded."""
        rng = np.random.default_rng(seed)
        x = np.asarray(images, np.float32)
        if self.kind == "drop":
            keep = rng.random(x.shape[:-1] + (1,)) >= self.amount
            return (x * keep).astype(np.float32)
        return np.clip(x + self.amount * rng.standard_normal(x.shape, dtype=np.float32), 0.0, 1.0)
