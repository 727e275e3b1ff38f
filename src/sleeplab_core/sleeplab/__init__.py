"""SleepLab, the sleep-diagnostics bot: its flows, runs and results."""
