"""Reading: finding the files that arrived, their encoding, the CSV and XLSX readers and the header row, handed on as text chunks."""
