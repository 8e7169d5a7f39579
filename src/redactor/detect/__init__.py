"""Detection stage: rule recognizers, names, and the engine that runs them."""
