-- The points of live locations being shared, kept until their walk is logged (then dropped).
CREATE TABLE rewards_track_points (
    user_id BIGINT NOT NULL,
    track_id BIGINT NOT NULL,  -- the live location's message id
    at TIMESTAMPTZ NOT NULL,
    latitude DOUBLE PRECISION NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude DOUBLE PRECISION NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    accuracy_m DOUBLE PRECISION CHECK (accuracy_m >= 0),
    PRIMARY KEY (user_id, track_id, at)
);
