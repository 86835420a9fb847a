"""bidgen: generate, validate and diff the after-sales chapter of Chinese bids."""

__version__ = "0.1.0"
