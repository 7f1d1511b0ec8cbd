"""Retraining on the person's drawings: the plan, the training process, the verdict, Accept / Reject."""
