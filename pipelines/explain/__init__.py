"""`unionpipe explain`: a published figure down to the records and file rows behind it."""
