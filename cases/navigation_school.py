"""School users' entries in the service navigation."""


def register() -> None:
    """Registered from cases.navigation.register()."""
