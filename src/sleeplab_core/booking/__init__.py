"""Bookings for salons: config, the availability engine, holds, bookings and the waitlist."""
