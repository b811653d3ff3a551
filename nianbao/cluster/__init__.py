"""The nightly crawl spread over many machines, on Procrastinate (a PostgreSQL job queue).

``enqueue`` cuts the portals into batches that never split a host or a
registrable domain (so per-host politeness holds across the cluster: one host,
one batch, one process) and queues one job per batch; ``worker`` runs each job's
batch as a fresh ``nianbao crawl`` process under a time limit; a job whose worker
died is taken up again once its heartbeat has lapsed.
"""
