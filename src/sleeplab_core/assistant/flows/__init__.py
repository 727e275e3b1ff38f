"""The assistant's flows: menu, chat, credits, top-up, settings."""
