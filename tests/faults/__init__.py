"""The standing fault-injection suite: every command against bad inputs, bad options and file-system faults.

The table is in :mod:`.cases`, the runner in :mod:`.conftest`, the contract in
:mod:`.test_faults`; docs/threat-model.md says what it guards.
"""
