package io.github.bufferedcounter.chaos.worker;

/**
 * One increment of one counter.
 *
 * @param row the id of the {@code chaos_counter} row
 * @param field {@link ChaosCounter#HITS} or {@link ChaosCounter#POINTS}
 * @param delta what to add, at least 1
 */
public record Increment(long row, String field, long delta) {

	/**
	 * Writes the increment as the ack log does: {@code h<row>+<delta>} or {@code p<row>+<delta>}.
	 * @return the text form
	 */
	public String encode() {
		return (ChaosCounter.HITS.equals(this.field) ? "h" : "p") + this.row + "+" + this.delta;
	}

	/**
	 * Reads the text form of {@link #encode()}.
	 * @param text the text form
	 * @return the increment
	 * @throws IllegalArgumentException if the text is not in that form
	 */
	public static Increment decode(String text) {
		int plus = text.indexOf('+');
		if (text.length() < 4 || plus < 2 || (text.charAt(0) != 'h' && text.charAt(0) != 'p')) {
			throw new IllegalArgumentException("Not an increment: " + text);
		}
		String field = (text.charAt(0) == 'h') ? ChaosCounter.HITS : ChaosCounter.POINTS;
		return new Increment(Long.parseLong(text.substring(1, plus)), field, Long.parseLong(text.substring(plus + 1)));
	}

}
