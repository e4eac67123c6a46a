"""Domain errors. Views and the API map these to responses in one place
(cases.views.errors / cases.api.exception_handler)."""

from policy.workflow import TransitionRefused


class ServiceError(Exception):
    """Bad input for a business action: ``errors`` maps field names ("" for the whole form)
    to messages a person can act on. Nothing has been saved when this is raised."""

    def __init__(self, errors: dict[str, str] | str):
        if isinstance(errors, str):
            errors = {"": errors}
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" if k else v for k, v in errors.items()))


class StaleEdit(ServiceError):
    """Someone else saved this record after the editor loaded it (optimistic locking)."""

    def __init__(self, what: str = "record"):
        super().__init__(
            f"Someone else changed this {what} while you were editing it. "
            "Reload the page to see their changes, then make yours again."
        )


__all__ = ["ServiceError", "StaleEdit", "TransitionRefused"]
