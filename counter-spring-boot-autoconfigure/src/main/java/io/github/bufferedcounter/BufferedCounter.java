package io.github.bufferedcounter;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of a JPA {@code @Entity} as a buffered counter. Increments go to a buffer
 * (Redis or memory) through {@link BufferedCounters} and reach the column later as one
 * relative {@code UPDATE} per dirty row.
 *
 * <p>The field must be a {@code long}, {@code Long}, {@code int} or {@code Integer}. The
 * column stays insertable, but Hibernate no longer includes it in entity updates, so
 * saving an entity that was loaded before a flush never overwrites the flushed value.
 *
 * <h2>Counter caches</h2>
 * With {@link #countOf()} and {@link #mappedBy()} the counter is kept by the starter's
 * Hibernate listeners: inserting, deleting (also a {@code @SoftDelete}) or moving a child row
 * adds its delta to the same buffer once the transaction commits. <pre class="code">
 * &#64;BufferedCounter(countOf = Comment.class, mappedBy = "post")
 * long commentCount;
 *
 * &#64;BufferedCounter(countOf = Comment.class, mappedBy = "post", sum = "likes")
 * long commentLikes;
 *
 * &#64;BufferedCounter(countOf = Comment.class, mappedBy = "post", onlyIf = "approved")
 * long approvedComments;
 *
 * &#64;BufferedCounter(countOf = Comment.class, mappedBy = "post", onlyIf = "status in (PUBLISHED, FEATURED)")
 * long visibleComments;
 *
 * &#64;BufferedCounter(countOf = Comment.class, mappedBy = "post", onlyIf = "deletedAt is null")
 * long liveComments;
 *
 * // on Blog: every comment of every post of the blog
 * &#64;BufferedCounter(countOf = Comment.class, mappedBy = "post.blog")
 * long commentCount;
 * </pre>
 * A counter over a collection of the holder, such as a unidirectional {@code @OneToMany} with a
 * {@code @JoinColumn} or a {@code @ManyToMany} through a join table, counts its members from
 * Hibernate's collection events (add, remove, clear, replace, orphan removal): <pre class="code">
 * // on Owner, with &#64;OneToMany &#64;JoinColumn(name = "owner_id") List&lt;Pet&gt; pets
 * &#64;BufferedCounter(countOf = Pet.class, collection = "pets")
 * long petCount;
 * </pre>
 * Changes the listeners cannot see, such as bulk JPQL or SQL updates and deletes (Spring
 * Data's {@code @Modifying} queries, {@code deleteAllInBatch}), are repaired with
 * {@link BufferedCounters#recalculate} and found with {@link BufferedCounters#verify}. The
 * listeners compute a change from the state Hibernate loaded: give the counted entity a
 * {@code @Version}, or lock it, so that two transactions changing the same row at once cannot
 * both count the change.
 *
 * <h2>Unique counters</h2>
 * With {@link #unique()} the counter holds how many distinct keys were counted, for example
 * unique viewers: <pre class="code">
 * &#64;BufferedCounter(unique = true)
 * Long uniqueViewers;
 *
 * counters.countUnique(Post_.uniqueViewers, postId, visitorId);
 * </pre>
 *
 * @see BufferedCounters
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface BufferedCounter {

	/**
	 * The entity whose rows this counter counts, making it a counter cache. Requires
	 * {@link #mappedBy()}. By default the counter is only changed through
	 * {@link BufferedCounters}.
	 * @return the counted entity, or {@code void.class} for a plain counter
	 */
	Class<?> countOf() default void.class;

	/**
	 * The path from the counted entity to the entity holding this counter: the name of the
	 * counted entity's {@code @ManyToOne} (or {@code @OneToOne}) attribute, as in JPA, or
	 * several such names joined by dots for a counter a few levels up, for example
	 * {@code "post.blog"}.
	 * @return the to-one path
	 */
	String mappedBy() default "";

	/**
	 * A collection attribute of the entity holding this counter whose members it counts,
	 * instead of {@link #mappedBy()}: a {@code @OneToMany} (with a {@code @JoinColumn} or a join
	 * table) or a {@code @ManyToMany} that owns its association, with elements of
	 * {@link #countOf()}. The counter follows the collection, not the counted rows: a counted
	 * entity deleted while still in the collection is only seen once it is removed from it
	 * (orphan removal does both). With {@link #onlyIf()}, a member counts while it is in the
	 * collection and meets the condition. Not with {@link #sum()}.
	 * @return the counted collection attribute, or empty for a counter cache over a to-one path
	 */
	String collection() default "";

	/**
	 * An integral attribute of the counted entity to add up instead of counting rows, for
	 * example {@code "likes"}; an update of that attribute adds the difference. A {@code null}
	 * value adds nothing.
	 * @return the summed attribute, or empty to count rows
	 */
	String sum() default "";

	/**
	 * A condition on one attribute of the counted entity that decides whether a row counts:
	 * <ul>
	 * <li>{@code "approved"} or {@code "!approved"}: a boolean attribute is {@code true} or
	 * {@code false};</li>
	 * <li>{@code "status = PUBLISHED"}, {@code "status != DRAFT"},
	 * {@code "status in (PUBLISHED, FEATURED)"}, {@code "status not in (DRAFT)"}: an enum
	 * attribute is, or is not, one of the named constants;</li>
	 * <li>{@code "deletedAt is null"}, {@code "deletedAt is not null"}: an attribute is, or is
	 * not, {@code null}, as with a soft delete by timestamp.</li>
	 * </ul>
	 * A {@code null} never meets a boolean, {@code =} or {@code in} condition, negated or not.
	 * A change of the attribute adds or removes the row. The condition is checked against the
	 * mapping at startup; the listeners test it on each row state and the SQL of
	 * {@link BufferedCounters#recalculate} binds the same condition, with the constants written
	 * as the column stores them, so they agree.
	 * @return the condition, or empty to count every row
	 */
	String onlyIf() default "";

	/**
	 * Makes this a unique counter: it counts distinct keys (visitor ids, user names) given to
	 * {@link BufferedCounters#countUnique}, approximately, with a HyperLogLog per row (Redis
	 * {@code PFADD} with the Redis store, Apache DataSketches with the memory store; a standard
	 * error of about 0.81 %). A flush writes the estimate itself into the column, not a delta, so
	 * writing it twice is harmless; the column only grows. Not with {@link #countOf()}, and
	 * {@link BufferedCounters#increment} refuses it.
	 * @return whether the counter counts distinct keys
	 */
	boolean unique() default false;

}
