"""`claimcheck audit`: check web crawls (WARC files) and folders of saved pages on Dask,
into Parquet tables (findings, pages, sites, errors) under one folder.

    inputs.py   what is read: WARC scan, skip reasons, payload dedup, partitions
    sites.py    a URL's site: its registered domain (offline public-suffix list)
    worker.py   on each Dask worker: the Linter (a worker plugin) and the partition task
    tables.py   Parquet schemas, risk scores, the sites roll-up
    report.py   report.html: sites ranked by risk, filters, drill-down
    run.py      the client: plan, submit, manifest (resume), finish

Needs the `audit` extra (`pip install "claimcheck[audit]"`: dask[distributed], warcio,
pyarrow, tldextract); the core linter does not import this package.
"""
