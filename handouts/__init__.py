"""handouts: branded, print-ready patient leaflets from clinical articles."""

__version__ = "0.1.0"
