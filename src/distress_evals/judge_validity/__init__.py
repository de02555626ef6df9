"""Judge validity: calibration against reference ratings, inter-judge agreement, pushback."""
