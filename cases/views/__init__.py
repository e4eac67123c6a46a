"""Casework screens. Each module owns its own ``urlpatterns``; cases/urls.py joins them."""
