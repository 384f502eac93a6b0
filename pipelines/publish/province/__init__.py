"""The province: the client that pushes a published package, and the stand-in province it is rehearsed against."""
