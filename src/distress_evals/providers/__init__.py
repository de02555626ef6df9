"""A real small model with no key or network: SmolLM2-135M-Instruct through llama.cpp."""
