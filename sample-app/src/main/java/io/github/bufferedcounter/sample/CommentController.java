package io.github.bufferedcounter.sample;

import java.net.URI;
import java.util.List;

import org.springframework.data.domain.PageRequest;
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
 * The sample's API for comments. None of these requests increments a counter: each changes
 * comment rows, and the post's counter caches {@code commentCount} and {@code approvedComments}
 * follow once the transaction commits (see {@link CommentService}).
 *
 * <pre>
 * POST   /posts/{id}/comments {"body": "..", "approved": false}  adds a comment
 * GET    /posts/{id}/comments[?limit=n]                         the first n comments (default 50)
 * POST   /posts/{id}/comments/{commentId}/approve               approves a comment
 * POST   /posts/{id}/comments/{commentId}/unapprove             unapproves it
 * POST   /posts/{id}/comments/{commentId}/move?to={postId}      moves it to another post
 * DELETE /posts/{id}/comments/{commentId}                       deletes it
 * POST   /posts/{id}/comments/approve-all                       approves all in one bulk UPDATE, then recalculates
 * </pre>
 */
@RestController
public class CommentController {

	private final CommentRepository comments;

	private final CommentService commentService;

	private final PostRepository posts;

	public CommentController(CommentRepository comments, CommentService commentService, PostRepository posts) {
		this.comments = comments;
		this.commentService = commentService;
		this.posts = posts;
	}

	@PostMapping("/posts/{id}/comments")
	public ResponseEntity<CommentView> create(@PathVariable long id, @RequestBody NewComment request) {
		if (request.body() == null || request.body().isBlank()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "body is required");
		}
		if (request.body().length() > 2000) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "body is longer than 2000 characters");
		}
		Comment comment = this.commentService.create(id, request.body(), Boolean.TRUE.equals(request.approved()))
			.orElseThrow(() -> PostController.notFound(id));
		return ResponseEntity.created(URI.create("/posts/" + id + "/comments/" + comment.getId()))
			.body(CommentView.of(comment, id));
	}

	@GetMapping("/posts/{id}/comments")
	public List<CommentView> list(@PathVariable long id, @RequestParam(defaultValue = "50") int limit) {
		if (!this.posts.existsById(id)) {
			throw PostController.notFound(id);
		}
		return this.comments.findByPost(id, PageRequest.of(0, PostController.limit(limit)))
			.stream()
			.map((comment) -> CommentView.of(comment, id))
			.toList();
	}

	@PostMapping("/posts/{id}/comments/{commentId}/approve")
	public CommentView approve(@PathVariable long id, @PathVariable long commentId) {
		return CommentView.of(this.commentService.approve(id, commentId, true)
			.orElseThrow(() -> commentNotFound(id, commentId)), id);
	}

	@PostMapping("/posts/{id}/comments/{commentId}/unapprove")
	public CommentView unapprove(@PathVariable long id, @PathVariable long commentId) {
		return CommentView.of(this.commentService.approve(id, commentId, false)
			.orElseThrow(() -> commentNotFound(id, commentId)), id);
	}

	@PostMapping("/posts/{id}/comments/{commentId}/move")
	public CommentView move(@PathVariable long id, @PathVariable long commentId, @RequestParam long to) {
		try {
			return CommentView.of(this.commentService.move(id, commentId, to)
				.orElseThrow(() -> commentNotFound(id, commentId)), to);
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, ex.getMessage());
		}
	}

	@DeleteMapping("/posts/{id}/comments/{commentId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	public void delete(@PathVariable long id, @PathVariable long commentId) {
		if (!this.commentService.delete(id, commentId)) {
			throw commentNotFound(id, commentId);
		}
	}

	@PostMapping("/posts/{id}/comments/approve-all")
	public CommentService.ApprovedAll approveAll(@PathVariable long id) {
		if (!this.posts.existsById(id)) {
			throw PostController.notFound(id);
		}
		return this.commentService.approveAll(id);
	}

	private static ResponseStatusException commentNotFound(long id, long commentId) {
		return new ResponseStatusException(HttpStatus.NOT_FOUND, "No comment " + commentId + " on post " + id);
	}

	/**
	 * The body of {@code POST /posts/{id}/comments}.
	 *
	 * @param body the text of the comment
	 * @param approved whether it is approved from the start; {@code false} if left out
	 */
	public record NewComment(String body, Boolean approved) {

	}

}
