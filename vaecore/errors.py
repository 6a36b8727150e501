"""The package's one error family: every message names the value and the fix."""


class VaeClaimsError(Exception):
    """Base class of every error vaecore raises on purpose."""


class DataNotFoundError(VaeClaimsError, FileNotFoundError):
    """A data set is not where the data root says it should be."""


class ChecksumError(VaeClaimsError, ValueError):
    """A data file's sha256 differs from the published one."""


class CacheError(VaeClaimsError):
    """A cache entry is unusable (corrupt, truncated or from other code)."""


class CorruptImageError(VaeClaimsError, ValueError):
    """An image file cannot be decoded: not an image at all, or truncated."""


class CorruptImageWarning(UserWarning):
    """Unreadable images were left out because the caller asked to skip them."""


class RegistryError(VaeClaimsError, ValueError):
    """The models of a tier cannot be read: no settings module, no ``TIER_MODELS``, no such tier."""


class ExportError(VaeClaimsError, ValueError):
    """A CelebA export file is unreadable or does not hold the requested size, shape or dtype."""
