"""Votes: the ballot box and its writer, receipts, paper sheets, results and re-votes."""
