-- Applied buffered-counter batches (MySQL and MariaDB): a batch id is inserted in the same
-- transaction as the batch's counter updates, so a batch applied again after a crash changes nothing.
-- rejected is MEDIUMTEXT: a batch of 10,000 rejected deltas with their errors outgrows TEXT's 64 KB.
CREATE TABLE IF NOT EXISTS buffered_counter_batch (
	batch_id VARCHAR(64) NOT NULL PRIMARY KEY,
	applied_at DATETIME(6) NOT NULL,
	rejected MEDIUMTEXT,
	INDEX buffered_counter_batch_applied_at (applied_at)
) ENGINE=InnoDB;
