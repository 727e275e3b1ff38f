-- Time staff typed into the spreadsheet ("busy", a name): read back by the salon.sheet_read
-- job and counted as busy by the availability engine. Replaced whole at each reading.
CREATE TABLE booking_blocks (
    project_id TEXT NOT NULL,
    specialist_id TEXT NOT NULL,
    starts_at TIMESTAMPTZ NOT NULL,
    ends_at TIMESTAMPTZ NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    CHECK (starts_at < ends_at)
);
CREATE INDEX booking_blocks_busy ON booking_blocks (project_id, specialist_id, starts_at);
