"""The project's own locale formats (``FORMAT_MODULE_PATH``), over Django's; only what differs is here."""
