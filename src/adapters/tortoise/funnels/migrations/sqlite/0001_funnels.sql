-- The funnel event log: a user reached a step of a bot on a local day (once per day).
CREATE TABLE funnel_events (
    bot TEXT NOT NULL,
    step TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    day TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (bot, step, user_id, day)
);
CREATE INDEX funnel_events_day ON funnel_events (bot, day);
CREATE INDEX funnel_events_user ON funnel_events (user_id);
