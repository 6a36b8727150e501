"""vaecore: data, models, caches and latent metrics behind the vaeclaims suite.

Submodules import their heavy dependencies (TensorFlow, scikit-learn) themselves;
importing the package is cheap.
"""

from .errors import (
    CacheError,
    ChecksumError,
    CorruptImageError,
    CorruptImageWarning,
    DataNotFoundError,
    ExportError,
    RegistryError,
    VaeClaimsError,
)

__all__ = [
    "VaeClaimsError",
    "DataNotFoundError",
    "ChecksumError",
    "CacheError",
    "CorruptImageError",
    "CorruptImageWarning",
    "ExportError",
    "RegistryError",
]
__version__ = "0.1.0"
