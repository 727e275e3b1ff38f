"""Speech-to-text through OpenAI's transcription API, for the coach's voice notes."""

from adapters.stt_openai.transcriber import OpenAISpeechToText, build_service

__all__ = ["OpenAISpeechToText", "build_service"]
