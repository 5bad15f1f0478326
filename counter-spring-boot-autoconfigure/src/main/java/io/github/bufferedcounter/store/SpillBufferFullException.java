package io.github.bufferedcounter.store;

/**
 * Thrown when the store cannot be reached and the local spill buffer that holds deltas
 * meanwhile is full: the increment was not recorded.
 */
public class SpillBufferFullException extends RefusedDeltasException {

	/**
	 * Creates the exception.
	 * @param message what was refused and what would help
	 */
	public SpillBufferFullException(String message) {
		super(message);
	}

}
