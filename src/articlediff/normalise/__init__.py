"""Normalisation: views of the text that matching can rely on.

``matching`` holds the *matching view*: the case-, accent-, typography- and
punctuation-folded form of each word that the aligner compares, while reports
keep the author's characters.
"""

from .matching import matching_key, matching_view

__all__ = ["matching_key", "matching_view"]
