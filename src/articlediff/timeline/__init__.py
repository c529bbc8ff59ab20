"""The timeline of a story: what each article takes from earlier ones, adds, drops and changes.

``timeline(paths_or_articles) -> Timeline``; see :mod:`.build` for the method,
:mod:`.model` for the data and the ``articlediff.timeline/1`` JSON contract.
"""

from .build import timeline
from .model import Copied, Entry, FactChange, Passage, Ref, Timeline

__all__ = ["Copied", "Entry", "FactChange", "Passage", "Ref", "Timeline", "timeline"]
