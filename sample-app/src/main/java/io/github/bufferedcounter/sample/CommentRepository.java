package io.github.bufferedcounter.sample;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
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
	 * Loads one comment of one post and locks its row until the transaction ends
	 * ({@code select ... for update}). A change made through the entity then starts from the
	 * row as it is, not as another transaction saw it before changing it, so two concurrent
	 * approvals or deletes of one comment count once.
	 * @param postId the post
	 * @param commentId the comment
	 * @return the comment, or empty if the post has no such comment
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select c from Comment c where c.id = :commentId and c.post.id = :postId")
	Optional<Comment> findOnPostForUpdate(@Param("postId") long postId, @Param("commentId") long commentId);

	/**
	 * Approves every comment of a post with one bulk statement. Hibernate's listeners do not see
	 * bulk statements, so the caller recalculates the post's {@code approvedComments} afterwards.
	 * @param postId the post
	 * @return how many comments were approved
	 */
	@Modifying
	@Query("update Comment c set c.approved = true where c.post.id = :postId and c.approved = false")
	int approveAllOfPost(@Param("postId") long postId);

	/**
	 * Counts the comments of each of the given posts, all and approved ones.
	 * @param postIds the posts
	 * @return rows of {@code [postId, count, approved count]}; posts without comments are left
	 * out
	 */
	@Query("select c.post.id, count(c), sum(case when c.approved = true then 1L else 0L end) from Comment c"
			+ " where c.post.id in :postIds group by c.post.id")
	List<Object[]> countByPost(@Param("postIds") Collection<Long> postIds);

}
