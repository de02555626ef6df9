"""Running the suite at scale: the paper-scale eval-set and its cost estimate."""
