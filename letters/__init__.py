"""Letter templates, rendering to PDF, approval, issue and service (see ARCHITECTURE.md)."""
