-- Version 6: a duty deputy's user account is a roster deputy.

CREATE TABLE user_deputies (
    user_id    TEXT PRIMARY KEY REFERENCES users(id),
    deputy_id  TEXT NOT NULL REFERENCES deputies(id)
);
