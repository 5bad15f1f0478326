package io.github.bufferedcounter.sample;

import java.net.URI;
import java.util.List;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.FlushResult;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The sample's API: create posts, count views and likes, write and delete comments, read them
 * back, and flush on demand.
 *
 * <pre>
 * POST   /posts {"title": "Hello"}           creates a post
 * GET    /posts[?limit=n]                    the first n posts (default 20)
 * GET    /posts/{id}                         stored and current counter values
 * POST   /posts/{id}/views[?by=n]            adds 1 (or n) view
 * POST   /posts/{id}/likes[?by=n]            adds 1 (or n) like
 * POST   /posts/{id}/comments {"body": ".."} adds a comment and counts it, in one transaction
 * GET    /posts/{id}/comments[?limit=n]      the first n comments (default 50)
 * DELETE /posts/{id}/comments/{commentId}    deletes a comment and uncounts it, in one transaction
 * POST   /flush                              writes everything buffered now
 * </pre>
 */
@RestController
public class PostController {

	private static final int MAX_LIMIT = 1000;

	private final PostRepository posts;

	private final CommentRepository comments;

	private final CommentService commentService;

	private final BufferedCounters counters;

	public PostController(PostRepository posts, CommentRepository comments, CommentService commentService,
			BufferedCounters counters) {
		this.posts = posts;
		this.comments = comments;
		this.commentService = commentService;
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
		return this.posts.findAll(PageRequest.of(0, limit(limit), Sort.by("id"))).map(this::view).toList();
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

	@PostMapping("/posts/{id}/comments")
	public ResponseEntity<CommentView> comment(@PathVariable long id, @RequestBody NewComment request) {
		if (request.body() == null || request.body().isBlank()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "body is required");
		}
		if (request.body().length() > 2000) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "body is longer than 2000 characters");
		}
		Comment comment = this.commentService.create(id, request.body()).orElseThrow(() -> notFound(id));
		return ResponseEntity.created(URI.create("/posts/" + id + "/comments/" + comment.getId()))
			.body(CommentView.of(comment, id));
	}

	@GetMapping("/posts/{id}/comments")
	public List<CommentView> comments(@PathVariable long id, @RequestParam(defaultValue = "50") int limit) {
		if (!this.posts.existsById(id)) {
			throw notFound(id);
		}
		return this.comments.findByPost(id, PageRequest.of(0, limit(limit)))
			.stream()
			.map((comment) -> CommentView.of(comment, id))
			.toList();
	}

	@DeleteMapping("/posts/{id}/comments/{commentId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	public void deleteComment(@PathVariable long id, @PathVariable long commentId) {
		if (!this.commentService.delete(id, commentId)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No comment " + commentId + " on post " + id);
		}
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
				this.counters.current(Post.class, id, Post.LIKES), this.counters.current(Post.class, id, Post.COMMENTS));
		return new PostView(id, post.getTitle(), post.getViews(), post.getLikes(), post.getCommentCount(), current);
	}

	private static int limit(int limit) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"limit must be between 1 and " + MAX_LIMIT + "; got " + limit);
		}
		return limit;
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

	/**
	 * The body of {@code POST /posts/{id}/comments}.
	 *
	 * @param body the text of the comment
	 */
	public record NewComment(String body) {

	}

}
