-- A table owned by the test module "notes" (platform contract tests).
CREATE TABLE notes_note (
    key TEXT PRIMARY KEY,
    text TEXT NOT NULL
);
