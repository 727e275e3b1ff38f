"""The Steps bot's flows: parse the event, call a rewards use case, render."""
