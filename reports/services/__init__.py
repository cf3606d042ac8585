"""Writes of the reports app: starting next year's plan (plans.py) and approving a report
(approvals.py). Both raise ``ReportError`` with a Dutch message the admin shows as is."""


class ReportError(Exception):
    """A plan or report write that cannot be done; ``message`` is Dutch and shown as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
