"""HTML forms for the casework screens, one module per area."""
