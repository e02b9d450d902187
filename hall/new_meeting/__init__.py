"""Starting a new meeting: create it (it becomes current) and carry over what it asks for."""
