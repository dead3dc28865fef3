-- Team data: guilds and their digest settings, members, skill levels and
-- their history, digest and nudge runs, and the audit log.
-- Same schema as migrations/postgres/0001_team_data.sql. Never edit a
-- migration once landed: add a new one.

-- A Discord server and its digest settings.
CREATE TABLE guilds (
    id                INTEGER NOT NULL PRIMARY KEY CHECK (id > 0),
    digest_channel_id INTEGER CHECK (digest_channel_id > 0),
    digest_cron       TEXT    NOT NULL DEFAULT '0 9 * * MON'
                      CHECK (length(digest_cron) BETWEEN 1 AND 100),
    time_zone         TEXT    NOT NULL DEFAULT 'UTC' CHECK (length(time_zone) BETWEEN 1 AND 64),
    grace_minutes     INTEGER NOT NULL DEFAULT 360 CHECK (grace_minutes BETWEEN 0 AND 10080),
    digest_enabled    BOOLEAN NOT NULL DEFAULT FALSE CHECK (digest_enabled IN (0, 1)),
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL
);

-- A person in a guild.
CREATE TABLE members (
    id           INTEGER NOT NULL PRIMARY KEY,
    guild_id     INTEGER NOT NULL REFERENCES guilds (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL CHECK (user_id > 0),
    display_name TEXT    CHECK (length(display_name) BETWEEN 1 AND 100),
    role         TEXT    CHECK (length(role) BETWEEN 1 AND 100),
    nudge_opt_in BOOLEAN NOT NULL DEFAULT FALSE CHECK (nudge_opt_in IN (0, 1)),
    time_zone    TEXT    CHECK (length(time_zone) BETWEEN 1 AND 64),
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    UNIQUE (guild_id, user_id)
);

-- A member's current level in a skill (absent: not assessed).
CREATE TABLE skill_levels (
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    skill      TEXT    NOT NULL CHECK (length(skill) BETWEEN 1 AND 100),
    level      INTEGER NOT NULL CHECK (level BETWEEN 0 AND 5),
    source     TEXT    NOT NULL CHECK (source IN ('self', 'manager')),
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (member_id, skill)
);

-- Every level change, appended in the transaction that makes it.
CREATE TABLE progress_events (
    id         INTEGER NOT NULL PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    skill      TEXT    NOT NULL CHECK (length(skill) BETWEEN 1 AND 100),
    from_level INTEGER CHECK (from_level BETWEEN 0 AND 5),
    to_level   INTEGER NOT NULL CHECK (to_level BETWEEN 0 AND 5),
    source     TEXT    NOT NULL CHECK (source IN ('self', 'manager')),
    at         TEXT    NOT NULL,
    note       TEXT    CHECK (length(note) <= 500),
    CHECK (from_level IS NOT to_level)
);
CREATE INDEX progress_events_member_at ON progress_events (member_id, at);

-- One weekly digest of a guild: claimed by inserting the row, so exactly one
-- replica posts it.
CREATE TABLE digest_runs (
    id              INTEGER NOT NULL PRIMARY KEY,
    guild_id        INTEGER NOT NULL REFERENCES guilds (id) ON DELETE CASCADE,
    scheduled_at    TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'claimed'
                    CHECK (status IN ('claimed', 'posted', 'failed', 'skipped')),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    claimed_at      TEXT    NOT NULL,
    next_attempt_at TEXT,
    posted_at       TEXT,
    message_id      INTEGER CHECK (message_id > 0),
    last_error      TEXT,
    UNIQUE (guild_id, scheduled_at)
);

-- One personal DM nudge to a member who opted in.
CREATE TABLE nudge_runs (
    id              INTEGER NOT NULL PRIMARY KEY,
    member_id       INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    scheduled_at    TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'claimed'
                    CHECK (status IN ('claimed', 'posted', 'failed', 'skipped')),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    claimed_at      TEXT    NOT NULL,
    next_attempt_at TEXT,
    posted_at       TEXT,
    message_id      INTEGER CHECK (message_id > 0),
    last_error      TEXT,
    UNIQUE (member_id, scheduled_at)
);

-- Changes made by someone for someone else, imports, and forgotten members.
-- No foreign keys: the log outlives what it describes. Forgetting a member
-- deletes the entries about them and blanks them as an actor.
CREATE TABLE audit_log (
    id              INTEGER NOT NULL PRIMARY KEY,
    guild_id        INTEGER NOT NULL CHECK (guild_id > 0),
    actor_user_id   INTEGER CHECK (actor_user_id > 0),
    subject_user_id INTEGER CHECK (subject_user_id > 0),
    action          TEXT    NOT NULL CHECK (length(action) BETWEEN 1 AND 50),
    detail          TEXT    NOT NULL CHECK (length(detail) <= 1000),
    at              TEXT    NOT NULL
);
CREATE INDEX audit_log_guild_at ON audit_log (guild_id, at);
CREATE INDEX audit_log_subject ON audit_log (guild_id, subject_user_id);
CREATE INDEX audit_log_actor ON audit_log (guild_id, actor_user_id);
