package io.github.bufferedcounter.flush;

/**
 * A batch could not be applied for a reason that concerns the database as a whole; the batch
 * stays claimed and is retried with backoff.
 */
class TransientFlushException extends RuntimeException {

	TransientFlushException(String message, Throwable cause) {
		super(message, cause);
	}

}
