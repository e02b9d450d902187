"""The year between two sessions (闭环监督): register, groups, reports, inspections, progress."""
