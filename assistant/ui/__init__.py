"""The web UI: thin Streamlit pages (``pages/``), their strings as data (``strings/``) and
small presentational helpers (highlighting, diffs, countdowns) that are unit-tested."""
