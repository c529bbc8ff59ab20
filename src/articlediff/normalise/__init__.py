"""Normalisation: repairs of garbled text, each explained and mapped back to the original.

``clean()`` (:mod:`.clean`) runs the stages; the matching view that the
aligner compares lives one floor down, in :mod:`articlediff.matching`.
"""
