"""Facing hostile text, for every layer above: bounded safe reads of files (`safeio`) and
inert rendering of anything read (`inert`: escaped, quoted short, markdown code spans).

The bottom layer: it imports nothing of ours.
"""
