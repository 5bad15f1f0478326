package io.github.bufferedcounter.sample;

/**
 * Sums of the stored counter columns over all posts.
 *
 * @param views the sum of the views columns
 * @param likes the sum of the likes columns
 * @param comments the sum of the comment count columns
 * @param approvedComments the sum of the approved comment count columns
 */
public record CounterTotals(long views, long likes, long comments, long approvedComments) {

	public CounterTotals(Long views, Long likes, Long comments, Long approvedComments) {
		this(orZero(views), orZero(likes), orZero(comments), orZero(approvedComments));
	}

	private static long orZero(Long value) {
		return (value != null) ? value : 0;
	}

	/**
	 * Returns the sum of all four.
	 * @return the total
	 */
	public long total() {
		return this.views + this.likes + this.comments + this.approvedComments;
	}

}
