"""The judge: its prompts (as data), how a verdict is read, the call, and its resolution by role."""
