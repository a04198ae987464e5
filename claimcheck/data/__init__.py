"""Package data: the English lemma lookup table."""
