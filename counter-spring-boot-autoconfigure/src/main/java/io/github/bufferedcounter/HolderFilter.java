package io.github.bufferedcounter;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;

/**
 * Selects the holder rows that {@link BufferedCounters#recalculateAll(Class, String, HolderFilter)}
 * recounts, as a JPA Criteria predicate on the holder entity, like a Spring Data
 * {@code Specification}: <pre class="code">
 * counters.recalculateAll(Post.class, "commentCount",
 *         (post, cb) -&gt; cb.equal(post.get("client").get("id"), clientId));
 * </pre>
 * A predicate rather than a JPQL or SQL fragment, so that every value reaches the database as a
 * bound parameter and nothing a caller passes is spliced into a statement: a fragment built from
 * a request parameter would be an injection waiting to happen.
 *
 * @param <E> the holder entity
 */
@FunctionalInterface
public interface HolderFilter<E> {

	/**
	 * Returns the condition a holder row must meet to be recounted. Called once per chunk of
	 * holder ids, each time with a new query.
	 * @param holder the root of the query over the holder entity
	 * @param builder the criteria builder
	 * @return the condition, not {@code null}
	 */
	Predicate toPredicate(Root<E> holder, CriteriaBuilder builder);

}
