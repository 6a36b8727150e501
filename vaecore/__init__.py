"""vaecore: data, models, caches and latent metrics behind the vaeclaims suite.

Submodules import their heavy dependencies (TensorFlow, scikit-learn) themselves;
importing the package is cheap.
"""

from .errors import CacheError, ChecksumError, DataNotFoundError, VaeClaimsError

__all__ = ["VaeClaimsError", "DataNotFoundError", "ChecksumError", "CacheError"]
__version__ = "0.1.0"
