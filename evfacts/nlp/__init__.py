"""The spaCy machinery: the pipeline evfacts builds and what makes it fast.

``pipeline`` chooses the model and adds evfacts' components (line breaks,
gazetteer ruler, model discovery in ``discover``, trigger ruler); ``matching``,
``speedups`` and ``selective_ner`` make it run faster with the same output.
Importing this package does not import spaCy; its modules do.
"""
