package io.github.bufferedcounter.sample;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/**
 * Spring Data repository for {@link Post}.
 */
public interface PostRepository extends JpaRepository<Post, Long> {

	/**
	 * Sums the stored counter columns of all posts: what the flushes have written so far.
	 * @return the sums
	 */
	@Query("select new io.github.bufferedcounter.sample.CounterTotals(sum(p.views), sum(p.likes), sum(p.commentCount),"
			+ " sum(p.approvedComments)) from Post p")
	CounterTotals storedTotals();

}
