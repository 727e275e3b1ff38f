-- Operators' text overrides: one text per bot, locale and message key, laid over the catalogs.
CREATE TABLE operator_text_overrides (
    bot TEXT NOT NULL,
    locale TEXT NOT NULL,
    key TEXT NOT NULL,
    text TEXT NOT NULL CHECK (length(text) > 0),
    changed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (bot, locale, key)
);
