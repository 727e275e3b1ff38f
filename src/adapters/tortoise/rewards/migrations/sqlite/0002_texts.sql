-- Operator overrides of the Steps bot's content keys (see sleeplab_core/rewards/content.py).
CREATE TABLE rewards_texts (
    text_key TEXT NOT NULL,
    locale TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (text_key, locale)
);
