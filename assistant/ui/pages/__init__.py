"""One module per page, each with ``render()``: they describe the UI, nothing more."""
