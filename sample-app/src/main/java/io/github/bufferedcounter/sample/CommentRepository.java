package io.github.bufferedcounter.sample;

import java.util.Collection;
import java.util.List;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * Spring Data repository for {@link Comment}.
 */
public interface CommentRepository extends JpaRepository<Comment, Long> {

	/**
	 * Lists the comments of a post, oldest first.
	 * @param postId the post
	 * @param page which comments
	 * @return the comments
	 */
	@Query("select c from Comment c where c.post.id = :postId order by c.id")
	List<Comment> findByPost(@Param("postId") long postId, Pageable page);

	/**
	 * Deletes one comment of one post with a single statement, so that of two concurrent deletes
	 * of the same comment only one sees a deleted row.
	 * @param postId the post
	 * @param commentId the comment
	 * @return the number of deleted rows, 0 or 1
	 */
	@Modifying
	@Query("delete from Comment c where c.id = :commentId and c.post.id = :postId")
	int deleteFromPost(@Param("postId") long postId, @Param("commentId") long commentId);

	/**
	 * Counts the comments of each of the given posts.
	 * @param postIds the posts
	 * @return rows of {@code [postId, count]}; posts without comments are left out
	 */
	@Query("select c.post.id, count(c) from Comment c where c.post.id in :postIds group by c.post.id")
	List<Object[]> countByPost(@Param("postIds") Collection<Long> postIds);

}
