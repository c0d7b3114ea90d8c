"""One module per group of endpoints, each with a sync and an async class; reach them through
`Client` and `AsyncClient`."""
