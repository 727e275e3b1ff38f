"""One module per published instrument; each exposes ``INSTRUMENT``."""
