package io.github.bufferedcounter.sample;

/**
 * A post as the API returns it: the counter columns as stored, and their current values, which
 * include the increments still buffered.
 *
 * @param id the post id
 * @param title the title
 * @param views the views column as stored
 * @param likes the likes column as stored
 * @param comments the comment count column as stored
 * @param current the stored values plus everything pending
 */
public record PostView(Long id, String title, long views, long likes, long comments, Counts current) {

	/**
	 * Values of the three counters.
	 *
	 * @param views the views
	 * @param likes the likes
	 * @param comments the comments
	 */
	public record Counts(long views, long likes, long comments) {

	}

}
