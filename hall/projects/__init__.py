"""Projects: the candidate projects, last year's completed projects, the showcase."""
