package io.github.bufferedcounter.chaos.worker;

/**
 * One increment of one counter.
 *
 * @param row the id of the {@code chaos_counter} row
 * @param field {@link ChaosCounter#HITS}, {@link ChaosCounter#POINTS} or {@link ChaosCounter#ENTRIES}
 * (an inserted {@link ChaosEntry})
 * @param delta what to add, at least 1
 */
public record Increment(long row, String field, long delta) {

	/**
	 * Writes the increment as the ack log does: {@code h<row>+<delta>}, {@code p<row>+<delta>} or
	 * {@code e<row>+1}.
	 * @return the text form
	 */
	public String encode() {
		return this.field.charAt(0) + Long.toString(this.row) + "+" + this.delta;
	}

	/**
	 * Reads the text form of {@link #encode()}.
	 * @param text the text form
	 * @return the increment
	 * @throws IllegalArgumentException if the text is not in that form
	 */
	public static Increment decode(String text) {
		int plus = text.indexOf('+');
		if (text.length() < 4 || plus < 2) {
			throw new IllegalArgumentException("Not an increment: " + text);
		}
		String field = switch (text.charAt(0)) {
			case 'h' -> ChaosCounter.HITS;
			case 'p' -> ChaosCounter.POINTS;
			case 'e' -> ChaosCounter.ENTRIES;
			default -> throw new IllegalArgumentException("Not an increment: " + text);
		};
		return new Increment(Long.parseLong(text.substring(1, plus)), field, Long.parseLong(text.substring(plus + 1)));
	}

}
