package io.github.bufferedcounter.store.redis;

/**
 * Thrown when {@code add.lua} itself refused a write, because a buffered sum would overflow: the
 * script took back what it had added, so nothing of the write is in Redis, and it can be split
 * and written again safely.
 */
final class RefusedDeltasException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	RefusedDeltasException(String message, Throwable cause) {
		super(message, cause);
	}

}
