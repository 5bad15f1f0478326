package io.github.bufferedcounter.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.CounterCheck;
import io.github.bufferedcounter.SampleCheck;
import io.github.bufferedcounter.VerifyMode;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Checks the posts' counter caches ({@link Post#COUNTER_CACHES}) against a recount of the
 * comment rows in SQL, and repairs them. The listeners keep them exact for changes made through
 * the entity manager; a bulk statement or a change made directly in the database needs a
 * recalculation.
 *
 * <pre>
 * GET  /posts/{id}/verify          each counter cache (database + pending) next to its recount
 * POST /posts/{id}/recalculate     recounts them and corrects the columns by the difference
 * GET  /posts/verify[?sample=n]    verifies n random posts (default 20), logging what is off
 * POST /posts/recalculate          recounts them for every post, a chunk of posts per statement
 * </pre>
 */
@RestController
public class CounterCacheController {

	private final PostRepository posts;

	private final BufferedCounters counters;

	public CounterCacheController(PostRepository posts, BufferedCounters counters) {
		this.posts = posts;
		this.counters = counters;
	}

	@GetMapping("/posts/{id}/verify")
	public List<Check> verify(@PathVariable long id) {
		requirePost(id);
		return Post.COUNTER_CACHES.stream().map((field) -> Check.of(this.counters.verify(Post.class, id, field))).toList();
	}

	@PostMapping("/posts/{id}/recalculate")
	public Map<String, Long> recalculate(@PathVariable long id) {
		requirePost(id);
		Map<String, Long> recounts = new LinkedHashMap<>();
		for (String field : Post.COUNTER_CACHES) {
			recounts.put(field, this.counters.recalculate(Post.class, id, field));
		}
		return recounts;
	}

	@GetMapping("/posts/verify")
	public List<Sample> verifySample(@RequestParam(defaultValue = "20") int sample) {
		if (sample < 1 || sample > 1000) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"sample must be between 1 and 1000; got " + sample);
		}
		return Post.COUNTER_CACHES.stream().map((field) -> {
			SampleCheck check = this.counters.verifySample(Post.class, field, sample, VerifyMode.LOG);
			return new Sample(field, check.checked(), check.drifted().stream().map(Check::of).toList());
		}).toList();
	}

	@PostMapping("/posts/recalculate")
	public Map<String, Long> recalculateAll() {
		Map<String, Long> rows = new LinkedHashMap<>();
		for (String field : Post.COUNTER_CACHES) {
			rows.put(field, this.counters.recalculateAll(Post.class, field));
		}
		return rows;
	}

	private void requirePost(long id) {
		if (!this.posts.existsById(id)) {
			throw PostController.notFound(id);
		}
	}

	/**
	 * One counter cache next to its recount.
	 *
	 * @param id the post
	 * @param field the counter
	 * @param current the database value plus what is pending
	 * @param expected the recount of the comment rows
	 * @param correct whether the two agree
	 */
	public record Check(long id, String field, long current, long expected, boolean correct) {

		static Check of(CounterCheck check) {
			return new Check(((Number) check.id()).longValue(), check.field(), check.current(), check.expected(),
					check.correct());
		}

	}

	/**
	 * A sampling verification of one counter cache.
	 *
	 * @param field the counter
	 * @param checked how many posts were checked
	 * @param drifted those whose counter was off
	 */
	public record Sample(String field, int checked, List<Check> drifted) {

	}

}
