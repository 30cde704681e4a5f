"""ETERNUS AF/DX REST API simulator for the fujitsu.eternus collection tests."""
