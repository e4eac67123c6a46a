"""The REST API (/api/v1/). Same role rules as the screens."""
