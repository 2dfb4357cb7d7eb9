"""jobdesc: an organisation kept as YAML in git, turned into the documents HR hands out."""

__version__ = "0.1.0"
