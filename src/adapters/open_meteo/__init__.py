"""Open-Meteo: the temperature at a walk's place and time (the ``Weather`` port over httpx)."""

from adapters.open_meteo.weather import OpenMeteoWeather, build_service

__all__ = ["OpenMeteoWeather", "build_service"]
