"""floorcraft: run dance competitions end to end.

Layers point inward (see docs/architecture.md):

* core      — ``floorcraft.model`` (domain types), ``floorcraft.rules`` (results engines): stdlib only;
* services  — ``floorcraft.show`` (season flow), ``floorcraft.voting``, ``floorcraft.analysis``;
* adapters  — ``floorcraft.store``, ``floorcraft.cli``, ``floorcraft.imports``, ``floorcraft.reports``.
"""

__version__ = "0.1.0"
