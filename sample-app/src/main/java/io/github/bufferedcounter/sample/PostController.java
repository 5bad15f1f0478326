package io.github.bufferedcounter.sample;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.FlushResult;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The sample's API for posts: create them, count views and likes, read them back, and flush on
 * demand. Comments are in {@link CommentController}, checking and repairing the counter caches in
 * {@link CounterCacheController}.
 *
 * <pre>
 * POST   /posts {"title": "Hello"}           creates a post
 * GET    /posts[?limit=n]                    the first n posts (default 20)
 * GET    /posts/{id}                         stored and current counter values
 * GET    /posts/most-viewed[?limit=n]        the n most viewed posts (default 5), pending views included
 * POST   /posts/{id}/views[?by=n][&visitor=v] adds 1 (or n) view; a visitor id also counts a unique viewer
 * POST   /posts/{id}/likes[?by=n]            adds 1 (or n) like
 * POST   /flush                              writes everything buffered now
 * </pre>
 */
@RestController
public class PostController {

	private static final int MAX_LIMIT = 1000;

	private final PostRepository posts;

	private final BufferedCounters counters;

	public PostController(PostRepository posts, BufferedCounters counters) {
		this.posts = posts;
		this.counters = counters;
	}

	@PostMapping("/posts")
	public ResponseEntity<PostView> create(@RequestBody NewPost request) {
		if (request.title() == null || request.title().isBlank()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "title is required");
		}
		Post post = this.posts.save(new Post(request.title()));
		return ResponseEntity.created(URI.create("/posts/" + post.getId())).body(view(post));
	}

	@GetMapping("/posts")
	public List<PostView> list(@RequestParam(defaultValue = "20") int limit) {
		List<Post> page = this.posts.findAll(PageRequest.of(0, limit(limit), Sort.by("id"))).toList();
		List<Long> ids = page.stream().map(Post::getId).toList();
		Map<Long, PostView.Counts> current = PostView.Counts.ofAll(ids,
				(counter) -> this.counters.currentAll(Post.class, ids, counter));
		Map<Long, Long> viewers = this.counters.currentAll(Post.class, ids, Post.UNIQUE_VIEWERS);
		return page.stream().map((post) -> view(post, current.get(post.getId()), viewers.get(post.getId()))).toList();
	}

	/**
	 * The most viewed posts, ranked with {@code BufferedCounters.top}: views still pending count,
	 * so a post that just got many views is listed where it will be after the next flush.
	 */
	@GetMapping("/posts/most-viewed")
	public List<MostViewed> mostViewed(@RequestParam(defaultValue = "5") int limit) {
		return MostViewed.read(this.counters, this.posts, limit(limit));
	}

	@PostMapping("/posts/{id}/views")
	@ResponseStatus(HttpStatus.ACCEPTED)
	public void view(@PathVariable long id, @RequestParam(defaultValue = "1") long by,
			@RequestParam(required = false) String visitor) {
		increment(id, Post.VIEWS, by);
		if (visitor != null && !visitor.isBlank()) {
			this.counters.countUnique(Post.class, id, Post.UNIQUE_VIEWERS, visitor);
		}
	}

	@PostMapping("/posts/{id}/likes")
	@ResponseStatus(HttpStatus.ACCEPTED)
	public void like(@PathVariable long id, @RequestParam(defaultValue = "1") long by) {
		increment(id, Post.LIKES, by);
	}

	@GetMapping("/posts/{id}")
	public PostView get(@PathVariable long id) {
		return view(this.posts.findById(id).orElseThrow(() -> notFound(id)));
	}

	@PostMapping("/flush")
	public FlushResult flush() {
		return this.counters.flush();
	}

	/**
	 * Buffers an increment: no database write happens here. The counters do not check that the
	 * row exists (a delta for a missing row is dropped at flush), so the sample checks it to
	 * answer 404.
	 */
	private void increment(long id, String counter, long by) {
		if (!this.posts.existsById(id)) {
			throw notFound(id);
		}
		this.counters.increment(Post.class, id, counter, by);
	}

	private PostView view(Post post) {
		Long id = post.getId();
		return view(post, PostView.Counts.of((counter) -> this.counters.current(Post.class, id, counter)),
				this.counters.current(Post.class, id, Post.UNIQUE_VIEWERS));
	}

	private static PostView view(Post post, PostView.Counts current, long uniqueViewers) {
		return new PostView(post.getId(), post.getTitle(), post.getViews(), post.getLikes(), post.getCommentCount(),
				post.getApprovedComments(), current, post.getUniqueViewers(), uniqueViewers);
	}

	static int limit(int limit) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"limit must be between 1 and " + MAX_LIMIT + "; got " + limit);
		}
		return limit;
	}

	static ResponseStatusException notFound(long id) {
		return new ResponseStatusException(HttpStatus.NOT_FOUND, "No post " + id);
	}

	/**
	 * The body of {@code POST /posts}.
	 *
	 * @param title the title of the new post
	 */
	public record NewPost(String title) {

	}

}
