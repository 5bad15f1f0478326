package io.github.bufferedcounter.sample;

import java.net.URI;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.FlushResult;

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
 * The sample's API: create posts, count views and likes, read them back, and flush on demand.
 *
 * <pre>
 * POST /posts {"title": "Hello"}     creates a post
 * POST /posts/{id}/views[?by=n]      adds 1 (or n) view
 * POST /posts/{id}/likes[?by=n]      adds 1 (or n) like
 * GET  /posts/{id}                   stored and current counter values
 * POST /flush                        writes everything buffered now
 * </pre>
 */
@RestController
public class PostController {

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

	@PostMapping("/posts/{id}/views")
	@ResponseStatus(HttpStatus.ACCEPTED)
	public void view(@PathVariable long id, @RequestParam(defaultValue = "1") long by) {
		increment(id, Post.VIEWS, by);
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
		PostView.Counts current = new PostView.Counts(this.counters.current(Post.class, id, Post.VIEWS),
				this.counters.current(Post.class, id, Post.LIKES));
		return new PostView(id, post.getTitle(), post.getViews(), post.getLikes(), current);
	}

	private static ResponseStatusException notFound(long id) {
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
