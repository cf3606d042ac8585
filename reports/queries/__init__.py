"""Read models of the reports app: the action compliance per municipality (compliance.py) and the
annual report as one document (document.py)."""
