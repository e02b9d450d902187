"""The deputies: the roster at the desk, their cards and credentials, the live monitor."""
