"""Stage 4: the Api to output texts (a plan of relative path -> text); pure, no file I/O."""
