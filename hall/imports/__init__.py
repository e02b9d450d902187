"""Importing the secretariat's spreadsheets (Excel workbooks and CSV files) into plain rows."""
