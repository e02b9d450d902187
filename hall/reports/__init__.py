"""What the desk prints and downloads: the result sheet, its PDF, exports, import templates."""
