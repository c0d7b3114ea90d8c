"""Stage 5: format (black, cached by content hash), compare with OUT, swap the new tree in atomically."""
