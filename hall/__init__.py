"""Hall: live voting and satisfaction rating for a people's congress session hall."""
