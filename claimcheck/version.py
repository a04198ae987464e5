"""The version, in a module of its own: modules inside the package import it from here,
never from `claimcheck` itself (whose lazy attributes reach the whole package)."""

__version__ = "0.1.0"

# The name on PyPI ("claimcheck" there is an unrelated project); the import package and
# the command stay `claimcheck`.
DISTRIBUTION = "claimcheck-health"
