package io.github.bufferedcounter.sample;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A post as the API returns it: the counter columns as stored, and their current values, which
 * include the increments still buffered.
 *
 * @param id the post id
 * @param title the title
 * @param views the views column as stored
 * @param likes the likes column as stored
 * @param comments the comment count column as stored
 * @param approvedComments the approved comment count column as stored
 * @param current the stored values plus everything pending
 * @param uniqueViewersStored the unique viewers column as stored, the estimate the last flush wrote
 * @param uniqueViewers the live estimate of distinct visitors ({@code @BufferedCounter(unique = true)})
 */
public record PostView(Long id, String title, long views, long likes, long comments, long approvedComments,
		Counts current, long uniqueViewersStored, long uniqueViewers) {

	/**
	 * Values of the four counters.
	 *
	 * @param views the views
	 * @param likes the likes
	 * @param comments the comments, a counter cache
	 * @param approvedComments the approved comments, a conditional counter cache
	 */
	public record Counts(long views, long likes, long comments, long approvedComments) {

		/**
		 * Reads the counters of {@link Post#COUNTERS} in their order.
		 * @param counter reads one counter
		 * @return the values
		 */
		static Counts of(ToLongFunction<String> counter) {
			return new Counts(counter.applyAsLong(Post.VIEWS), counter.applyAsLong(Post.LIKES),
					counter.applyAsLong(Post.COMMENTS), counter.applyAsLong(Post.APPROVED_COMMENTS));
		}

		/**
		 * Reads the counters of {@link Post#COUNTERS} for many posts, one batch read per counter
		 * ({@code BufferedCounters.currentAll} or {@code pendingAll}).
		 * @param ids the posts
		 * @param counter reads one counter of every post
		 * @return the values of each post
		 */
		static Map<Long, Counts> ofAll(List<Long> ids, Function<String, Map<Long, Long>> counter) {
			Map<String, Map<Long, Long>> values = new HashMap<>();
			Post.COUNTERS.forEach((name) -> values.put(name, counter.apply(name)));
			Map<Long, Counts> counts = new LinkedHashMap<>();
			for (Long id : ids) {
				counts.put(id, of((name) -> values.get(name).get(id)));
			}
			return counts;
		}

	}

}
