"""The public summary of a release's training content (EU AI Act art. 53(1)(d), the AI Office's template)."""
