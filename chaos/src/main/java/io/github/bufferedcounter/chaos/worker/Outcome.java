package io.github.bufferedcounter.chaos.worker;

/**
 * How an operation ended, with its letter in the ack log. An operation without an outcome line
 * was in flight when its worker was killed.
 */
public enum Outcome {

	/** The call (or the commit) returned normally: the increments must be counted. */
	ACKNOWLEDGED('k'),

	/**
	 * The call threw with a database error among its causes (a terminated session, say): a
	 * transaction's increments must not be counted, as it did not commit.
	 */
	FAILED('f'),

	/**
	 * The call threw without a database error among its causes: no fault of the run explains it.
	 * The increments may or may not be counted.
	 */
	FAILED_OTHERWISE('x'),

	/**
	 * The transaction committed but the starter logged at ERROR that it lost the transaction's
	 * deltas because Redis refused them (a documented limit): they may or may not be counted.
	 */
	REPORTED_LOST('l'),

	/** The transaction rolled back as asked: the increments must not be counted. */
	ROLLED_BACK('r');

	private final char letter;

	Outcome(char letter) {
		this.letter = letter;
	}

	/**
	 * Returns the letter of this outcome in the ack log.
	 * @return {@code k}, {@code f}, {@code x}, {@code l} or {@code r}
	 */
	public char letter() {
		return this.letter;
	}

	/**
	 * Returns the outcome of a letter.
	 * @param letter {@code k}, {@code f}, {@code x}, {@code l} or {@code r}
	 * @return the outcome
	 * @throws IllegalArgumentException for any other letter
	 */
	public static Outcome of(char letter) {
		for (Outcome outcome : values()) {
			if (outcome.letter == letter) {
				return outcome;
			}
		}
		throw new IllegalArgumentException("Unknown outcome " + letter);
	}

}
