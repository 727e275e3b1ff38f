-- Bookings on SQLite. SQLite has no exclusion constraint, so every occupying booking also
-- owns one row per 5-minute cell of its occupied interval (buffers included) in
-- booking_cells, whose primary key makes two overlapping bookings of one specialist
-- impossible. Times are UTC ISO-8601 text with microseconds (text order = time order).
CREATE TABLE booking_bookings (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    specialist_id TEXT NOT NULL,
    service_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    client_name TEXT NOT NULL DEFAULT '',
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    occupied_from TEXT NOT NULL,
    occupied_to TEXT NOT NULL,
    status TEXT NOT NULL
        CHECK (status IN ('held', 'confirmed', 'cancelled', 'expired', 'no_show', 'completed')),
    created_at TEXT NOT NULL,
    hold_expires_at TEXT,
    CHECK (starts_at < ends_at AND occupied_from <= starts_at AND ends_at <= occupied_to),
    CHECK (status <> 'held' OR hold_expires_at IS NOT NULL)
);
CREATE INDEX booking_bookings_client ON booking_bookings (project_id, client_id, starts_at);
CREATE INDEX booking_bookings_start ON booking_bookings (project_id, starts_at);
CREATE INDEX booking_bookings_busy
    ON booking_bookings (project_id, specialist_id, occupied_from);

CREATE TABLE booking_cells (
    project_id TEXT NOT NULL,
    specialist_id TEXT NOT NULL,
    cell INTEGER NOT NULL, -- seconds since the epoch // 300
    booking_id TEXT NOT NULL REFERENCES booking_bookings (id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, specialist_id, cell)
);
CREATE INDEX booking_cells_booking ON booking_cells (booking_id);

CREATE TABLE booking_waitlist (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    service_id TEXT NOT NULL,
    day TEXT NOT NULL,
    specialist_id TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX booking_waitlist_queue ON booking_waitlist (project_id, service_id, day, created_at);

-- A client's dialogue history (JSON: summary lines and recent turns), kept per salon.
CREATE TABLE booking_dialogues (
    project_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    history TEXT NOT NULL,
    PRIMARY KEY (project_id, client_id)
);
