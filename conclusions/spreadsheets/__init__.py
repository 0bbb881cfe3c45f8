"""Spreadsheets: reading CSV, XLSX, ODS and JSON files, importing them with undo, exporting."""
