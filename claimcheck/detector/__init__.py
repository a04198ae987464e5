"""The learned claim detector: a sentence classifier that finds claims the rules' word
lists miss, and a document register classifier that tells marketing copy from careful
prose (regulator, news, research, patient education).

It sits beside the analyzers (stage 4 of the pipeline): it reads the sentences the
pipeline made and writes one row of category scores per sentence onto the Doc.  The
rules stay the explanation layer: `claimcheck.checks.arbiter` combines their hits with
these scores.  Weights ship inside the package (`claimcheck/data/detector/`) and are
rebuilt by `claimcheck train`.
"""
