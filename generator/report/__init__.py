"""What a run tells beyond OUT: the API change report (a record of the API kept in OUT/.generator/,
compared with the one a run builds) and the machine formats of diagnostics and of the report."""
