-- An application's own first migration: its table with a buffered counter column.
CREATE TABLE page (
	id BIGINT NOT NULL PRIMARY KEY,
	title VARCHAR(255),
	views BIGINT NOT NULL
);
