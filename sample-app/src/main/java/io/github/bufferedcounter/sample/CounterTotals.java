package io.github.bufferedcounter.sample;

/**
 * Sums of the stored counter columns over all posts.
 *
 * @param views the sum of the views columns
 * @param likes the sum of the likes columns
 * @param comments the sum of the comment count columns
 */
public record CounterTotals(long views, long likes, long comments) {

	public CounterTotals(Long views, Long likes, Long comments) {
		this((views != null) ? views.longValue() : 0, (likes != null) ? likes.longValue() : 0,
				(comments != null) ? comments.longValue() : 0);
	}

	/**
	 * Returns the sum of all three.
	 * @return the total
	 */
	public long total() {
		return this.views + this.likes + this.comments;
	}

}
