"""The HR handbook: front matter laid out by WeasyPrint, the other outputs' pages reused."""
