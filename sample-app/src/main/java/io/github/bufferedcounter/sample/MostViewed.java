package io.github.bufferedcounter.sample;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.RankedCount;

/**
 * One post of the "most viewed" list: ranked by {@link BufferedCounters#top}, so by its views in
 * the database plus those still pending, the order the posts will have once everything is
 * flushed.
 *
 * @param id the post
 * @param title its title
 * @param views its current views
 */
public record MostViewed(long id, String title, long views) {

	/**
	 * Reads the most viewed posts: one {@code top} call, then their titles in one query.
	 * @param counters the counters
	 * @param posts the posts
	 * @param limit how many posts, from 1 to {@link BufferedCounters#MAX_TOP}
	 * @return the posts, most viewed first
	 */
	static List<MostViewed> read(BufferedCounters counters, PostRepository posts, int limit) {
		List<RankedCount<Long>> top = counters.top(Post.class, Post.VIEWS, limit);
		Map<Long, String> titles = posts.findAllById(top.stream().map(RankedCount::id).toList())
			.stream()
			.collect(Collectors.toMap(Post::getId, Post::getTitle));
		return top.stream()
			.filter((rank) -> titles.containsKey(rank.id()))
			.map((rank) -> new MostViewed(rank.id(), titles.get(rank.id()), rank.value()))
			.toList();
	}

}
