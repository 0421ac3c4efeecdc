"""claimx: a command-line claim checker for health writing."""

__version__ = "0.1.0"
