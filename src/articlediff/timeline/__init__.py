"""The timeline of a story: what each article takes from earlier ones, adds, drops and changes.

``timeline(paths_or_articles) -> Timeline``; see :mod:`.build` for the method,
:mod:`.model` for the data and the ``articlediff.timeline/1`` JSON contract.
"""

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

#: Each public name and its module, imported on first use (the command line's help loads no timeline).
_EXPORTS = {
    "timeline": ".build",
    "Copied": ".model",
    "Entry": ".model",
    "FactChange": ".model",
    "Passage": ".model",
    "Ref": ".model",
    "Timeline": ".model",
}
lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:
    from .build import timeline
    from .model import Copied, Entry, FactChange, Passage, Ref, Timeline

__all__ = ["Copied", "Entry", "FactChange", "Passage", "Ref", "Timeline", "timeline"]
