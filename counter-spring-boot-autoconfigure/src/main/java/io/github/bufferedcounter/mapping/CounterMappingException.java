package io.github.bufferedcounter.mapping;

/**
 * Thrown at startup when a {@code @BufferedCounter} cannot be mapped; the message names the
 * entity and field and says what would be valid.
 */
public class CounterMappingException extends RuntimeException {

	/**
	 * Creates an exception.
	 * @param message what is wrong and what would be valid
	 */
	public CounterMappingException(String message) {
		super(message);
	}

}
