-- The digest scheduler's state, all in the database so every replica can
-- run the loop: each guild's next due digest (NULL: to be computed from its
-- schedule, e.g. after the settings changed), and the mentor pairs each
-- posted digest suggested (nobody asked by more than two people a week, the
-- same pair not two weeks running).
-- Same schema as migrations/postgres/0003_digest_scheduler.sql.

ALTER TABLE guilds ADD COLUMN digest_next_run_at TEXT;
CREATE INDEX guilds_digest_due ON guilds (digest_next_run_at) WHERE digest_enabled;

CREATE INDEX digest_runs_pending ON digest_runs (status, next_attempt_at);
CREATE INDEX nudge_runs_claimed ON nudge_runs (claimed_at);

CREATE TABLE mentor_suggestions (
    id              INTEGER NOT NULL PRIMARY KEY,
    run_id          INTEGER NOT NULL REFERENCES digest_runs (id) ON DELETE CASCADE,
    guild_id        INTEGER NOT NULL CHECK (guild_id > 0),
    mentor_user_id  INTEGER NOT NULL CHECK (mentor_user_id > 0),
    learner_user_id INTEGER NOT NULL CHECK (learner_user_id > 0),
    skill           TEXT    NOT NULL CHECK (length(skill) BETWEEN 1 AND 100),
    at              TEXT    NOT NULL
);
CREATE INDEX mentor_suggestions_guild_at ON mentor_suggestions (guild_id, at);
