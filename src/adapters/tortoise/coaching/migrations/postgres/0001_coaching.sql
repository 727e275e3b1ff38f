-- Coaching: profiles, goals, media, check-ins and sessions (seed 001).
CREATE TABLE coach_profiles (
    user_id BIGINT PRIMARY KEY,
    data TEXT NOT NULL
);
CREATE TABLE coach_goals (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'paused', 'completed', 'archived')),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX coach_goals_user ON coach_goals (user_id, created_at);
CREATE TABLE coach_media (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('photo', 'voice')),
    file_key TEXT NOT NULL UNIQUE,
    mime_type TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size > 0),
    created_at TIMESTAMPTZ NOT NULL,
    goal_id TEXT,
    check_in_id TEXT,
    transcript TEXT
);
CREATE INDEX coach_media_user ON coach_media (user_id, created_at);
CREATE TABLE coach_check_ins (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL,
    goal_id TEXT NOT NULL,
    day DATE NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    happened TEXT NOT NULL,
    obstacles TEXT NOT NULL DEFAULT '',
    went_well TEXT NOT NULL DEFAULT '',
    UNIQUE (user_id, goal_id, day)
);
CREATE INDEX coach_check_ins_user_day ON coach_check_ins (user_id, day);
CREATE TABLE coach_sessions (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('overloaded', 'steady', 'stuck')),
    steps TEXT NOT NULL,
    questions TEXT NOT NULL,
    check_in_id TEXT,
    provider TEXT NOT NULL DEFAULT '',
    fallback BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX coach_sessions_user ON coach_sessions (user_id, at);
