"""Stage 3 and 4: the spaCy pipeline and the analyzers that annotate each Doc."""
