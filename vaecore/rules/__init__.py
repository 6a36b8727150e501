"""Decision rules of the claims, one module per post: pure functions from measured numbers to a verdict."""
