CREATE TABLE page_note (page_id BIGINT NOT NULL, note VARCHAR(255));
