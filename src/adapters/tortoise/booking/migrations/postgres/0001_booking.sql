-- Bookings on PostgreSQL: an exclusion constraint makes two occupying bookings of one
-- specialist whose occupied intervals (buffers included, half-open) overlap impossible.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE booking_bookings (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    specialist_id TEXT NOT NULL,
    service_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    client_name TEXT NOT NULL DEFAULT '',
    starts_at TIMESTAMPTZ NOT NULL,
    ends_at TIMESTAMPTZ NOT NULL,
    occupied_from TIMESTAMPTZ NOT NULL,
    occupied_to TIMESTAMPTZ NOT NULL,
    status TEXT NOT NULL
        CHECK (status IN ('held', 'confirmed', 'cancelled', 'expired', 'no_show', 'completed')),
    created_at TIMESTAMPTZ NOT NULL,
    hold_expires_at TIMESTAMPTZ,
    CHECK (starts_at < ends_at AND occupied_from <= starts_at AND ends_at <= occupied_to),
    CHECK (status <> 'held' OR hold_expires_at IS NOT NULL),
    CONSTRAINT booking_no_overlap EXCLUDE USING gist (
        project_id WITH =,
        specialist_id WITH =,
        tstzrange(occupied_from, occupied_to, '[)') WITH &&
    ) WHERE (status IN ('held', 'confirmed', 'no_show', 'completed'))
);
CREATE INDEX booking_bookings_client ON booking_bookings (project_id, client_id, starts_at);
CREATE INDEX booking_bookings_start ON booking_bookings (project_id, starts_at);

CREATE TABLE booking_waitlist (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    service_id TEXT NOT NULL,
    day DATE NOT NULL,
    specialist_id TEXT,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX booking_waitlist_queue ON booking_waitlist (project_id, service_id, day, created_at);

-- A client's dialogue history (JSON: summary lines and recent turns), kept per salon.
CREATE TABLE booking_dialogues (
    project_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    history TEXT NOT NULL,
    PRIMARY KEY (project_id, client_id)
);
