-- Migration 1.0.0.0.2 of the buffered-counter tables (docs/migrations.md). A released migration is
-- never edited: each schema change is a new file. Each file can run again on a database that
-- already has it, as buffered-counter.jdbc.initialize-schema runs them all at every start.

-- The identity of this database: one row (id 1) holding a random UUID that the starter inserts at
-- its first start. The Redis buffer records it as the owner of its keys, so that one database's
-- deltas are never written to another (docs/architecture.md).
CREATE TABLE IF NOT EXISTS buffered_counter_identity (
	id INT NOT NULL PRIMARY KEY,
	database_id VARCHAR(36) NOT NULL
);
