"""Training recipes for the models that ship under ``models/`` (not part of the installed package)."""
