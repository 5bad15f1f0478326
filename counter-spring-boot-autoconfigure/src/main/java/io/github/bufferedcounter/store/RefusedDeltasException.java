package io.github.bufferedcounter.store;

/**
 * Thrown when a store refused an add as a whole and added nothing of it, for example because a
 * buffered sum would overflow: the add can be split and its parts tried again without counting
 * anything twice. Any other exception from an add may come after the store applied it.
 */
public class RefusedDeltasException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what was refused and why
	 */
	public RefusedDeltasException(String message) {
		super(message);
	}

	/**
	 * Creates the exception.
	 * @param message what was refused and why
	 * @param cause the store's own failure
	 */
	public RefusedDeltasException(String message, Throwable cause) {
		super(message, cause);
	}

}
