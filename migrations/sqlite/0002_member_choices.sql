-- What members choose in Discord: skills they started learning ("Start
-- learning"), skills hidden from their recommendations for a while ("Not
-- now"), whether the digest may suggest them as a mentor, whether DMs reach
-- them; and why a guild's digest was switched off by the bot.
-- Same schema as migrations/postgres/0002_member_choices.sql.

ALTER TABLE members ADD COLUMN mentor_opt_out BOOLEAN NOT NULL DEFAULT FALSE
    CHECK (mentor_opt_out IN (0, 1));
-- Set when a DM to the member failed with "cannot send messages to this
-- user"; cleared when they opt in again.
ALTER TABLE members ADD COLUMN dm_unreachable_at TEXT;

-- Set when the bot disabled the digest itself (channel gone or forbidden):
-- shown to the admins the next time one of them uses /digest.
ALTER TABLE guilds ADD COLUMN digest_disabled_reason TEXT
    CHECK (length(digest_disabled_reason) <= 500);

-- "Start learning": the member began working on a skill.
CREATE TABLE learning_intents (
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    skill      TEXT    NOT NULL CHECK (length(skill) BETWEEN 1 AND 100),
    started_at TEXT    NOT NULL,
    PRIMARY KEY (member_id, skill)
);

-- "Not now": the skill is left out of the member's recommendations until
-- `until`.
CREATE TABLE snoozed_skills (
    member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    skill     TEXT    NOT NULL CHECK (length(skill) BETWEEN 1 AND 100),
    until     TEXT    NOT NULL,
    PRIMARY KEY (member_id, skill)
);
