-- The points of live locations being shared, kept until their walk is logged (then dropped).
CREATE TABLE rewards_track_points (
    user_id INTEGER NOT NULL,
    track_id INTEGER NOT NULL,  -- the live location's message id
    at TEXT NOT NULL,
    latitude REAL NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude REAL NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    accuracy_m REAL CHECK (accuracy_m >= 0),
    PRIMARY KEY (user_id, track_id, at)
);
