"""The service layer: the only place that scans and stores (UI pages and CLI commands call it)."""
