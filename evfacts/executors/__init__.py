"""Ways to run the extraction on many documents with the same output as one process.

``parallel`` runs worker processes on this machine (``--jobs``); ``distributed``
runs on a Dask cluster (``--scheduler``).
"""
