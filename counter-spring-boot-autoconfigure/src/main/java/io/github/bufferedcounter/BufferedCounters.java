package io.github.bufferedcounter;

import java.time.LocalDateTime;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.metamodel.SingularAttribute;

/**
 * Records increments of {@link BufferedCounter @BufferedCounter} fields and reads them back.
 *
 * <p>Inside a Spring-managed transaction an increment is buffered only when the transaction
 * commits; a rollback discards it. Outside a transaction it is buffered at once. A scheduled
 * flusher writes buffered deltas back as one relative {@code UPDATE} per row.
 *
 * <p>Every method rejects a type that is not an entity, a field without
 * {@code @BufferedCounter}, a {@code null} id or an id of the wrong type with an
 * {@link IllegalArgumentException} that names what would be valid, and records nothing.
 */
public interface BufferedCounters {

	/** The largest {@code n} that {@link #top(Class, String, int)} takes. */
	int MAX_TOP = 1000;

	/**
	 * Adds {@code delta} to a counter.
	 * @param entityType the entity class
	 * @param id the entity id, of the entity's id type
	 * @param field the name of a {@code @BufferedCounter} field
	 * @param delta the amount to add, negative to subtract
	 */
	void increment(Class<?> entityType, Object id, String field, long delta);

	/**
	 * Adds {@code delta} to a counter of the given entity instance, reading its id.
	 * @param entity a persistent entity with an assigned id
	 * @param field the name of a {@code @BufferedCounter} field
	 * @param delta the amount to add, negative to subtract
	 */
	void increment(Object entity, String field, long delta);

	/**
	 * Adds {@code delta} to the counter named by a static-metamodel attribute.
	 * @param <E> the entity type
	 * @param attribute the counter attribute, for example {@code Post_.views}
	 * @param id the entity id
	 * @param delta the amount to add
	 */
	default <E> void increment(SingularAttribute<E, ? extends Number> attribute, Object id, long delta) {
		increment(attribute.getDeclaringType().getJavaType(), id, attribute.getName(), delta);
	}

	/**
	 * Counts distinct keys, such as visitor ids, into a unique counter
	 * ({@code @BufferedCounter(unique = true)}): each key counts once however often it is given.
	 * Inside a transaction the keys are counted when it commits, and not at all if it rolls
	 * back. The next flush writes the estimate (within about 0.81 %) into the column;
	 * {@link #current} reads it live.
	 * @param entityType the entity class
	 * @param id the entity id
	 * @param field the unique counter field
	 * @param keys the keys; none counts nothing
	 * @throws IllegalArgumentException if the field is not a unique counter, or a key is null
	 */
	void countUnique(Class<?> entityType, Object id, String field, Collection<String> keys);

	/**
	 * Counts one distinct key into a unique counter; see
	 * {@link #countUnique(Class, Object, String, Collection)}.
	 * @param entityType the entity class
	 * @param id the entity id
	 * @param field the unique counter field
	 * @param key the key, for example a visitor id
	 */
	default void countUnique(Class<?> entityType, Object id, String field, String key) {
		countUnique(entityType, id, field, Collections.singletonList(key));
	}

	/**
	 * Type-safe variant of {@link #countUnique(Class, Object, String, String)}.
	 * @param <E> the entity type
	 * @param attribute the unique counter attribute, for example {@code Post_.uniqueViewers}
	 * @param id the entity id
	 * @param key the key, for example a visitor id
	 */
	default <E> void countUnique(SingularAttribute<E, ? extends Number> attribute, Object id, String key) {
		countUnique(attribute.getDeclaringType().getJavaType(), id, attribute.getName(), key);
	}

	/**
	 * Returns what is buffered for a counter and not yet written to the database, including
	 * increments of the current transaction made through this interface (counter cache deltas
	 * of the current transaction count only once it committed).
	 * @param entityType the entity class
	 * @param id the entity id
	 * @param field the counter field
	 * @return the pending delta
	 */
	long pending(Class<?> entityType, Object id, String field);

	/**
	 * Returns the database value plus everything pending: the value the column will have once
	 * all buffered deltas are flushed. A row that does not exist counts as zero; one deleted
	 * through Hibernate reads 0, since the flush drops its pending deltas. For a unique
	 * counter, the live estimate, or the column if that is higher (the sketches were lost).
	 * @param entityType the entity class
	 * @param id the entity id
	 * @param field the counter field
	 * @return the current value
	 */
	long current(Class<?> entityType, Object id, String field);

	/**
	 * Type-safe variant of {@link #current(Class, Object, String)}.
	 * @param <E> the entity type
	 * @param attribute the counter attribute
	 * @param id the entity id
	 * @return the current value
	 */
	default <E> long current(SingularAttribute<E, ? extends Number> attribute, Object id) {
		return current(attribute.getDeclaringType().getJavaType(), id, attribute.getName());
	}

	/**
	 * Returns {@link #current(Class, Object, String)} of an entity instance, for an entity that
	 * does not expose its id: Hibernate reads the id, as {@link #increment(Object, String, long)}
	 * does, from an instance that is managed, detached or an uninitialized proxy alike.
	 * @param entity a persistent entity with an assigned id
	 * @param field the name of a {@code @BufferedCounter} field
	 * @return the current value
	 * @throws IllegalArgumentException if the entity has no id yet (it was never persisted)
	 */
	long current(Object entity, String field);

	/**
	 * Type-safe variant of {@link #current(Object, String)}, entity first.
	 * @param <E> the entity type
	 * @param entity a persistent entity with an assigned id
	 * @param attribute the counter attribute, for example {@code Post_.views}
	 * @return the current value
	 */
	default <E> long current(E entity, SingularAttribute<? super E, ? extends Number> attribute) {
		return current(entity, attribute.getName());
	}

	/**
	 * The id form {@link #current(SingularAttribute, Object)} for an entity with a string id.
	 * It exists so that a call such as {@code current(Tag_.uses, "java")} stays unambiguous next
	 * to {@link #current(Object, String)}.
	 * @param <E> the entity type
	 * @param attribute the counter attribute
	 * @param id the entity id
	 * @return the current value
	 */
	default <E> long current(SingularAttribute<E, ? extends Number> attribute, String id) {
		return current(attribute.getDeclaringType().getJavaType(), id, attribute.getName());
	}

	/**
	 * Returns {@link #pending(Class, Object, String)} for several rows of one entity, as for a
	 * list page. The starter's implementation reads the Redis store once per shard (once in
	 * all on a single node); this default calls {@code pending} per id.
	 * @param <I> the id type
	 * @param entityType the entity class
	 * @param ids the entity ids; a repeated id is read once
	 * @param field the counter field
	 * @return each distinct id, in the order given, with its pending delta
	 */
	default <I> Map<I, Long> pendingAll(Class<?> entityType, Collection<I> ids, String field) {
		Map<I, Long> values = new LinkedHashMap<>();
		for (I id : requireIds(ids)) {
			values.computeIfAbsent(id, (key) -> pending(entityType, key, field));
		}
		return values;
	}

	/**
	 * Returns {@link #current(Class, Object, String)} for several rows of one entity, as for a
	 * list page. The starter's implementation reads the store as {@link #pendingAll} does and
	 * the database in one statement (per 500 ids), so 50 rows cost about what one does; this
	 * default calls {@code current} per id.
	 * @param <I> the id type
	 * @param entityType the entity class
	 * @param ids the entity ids; a repeated id is read once
	 * @param field the counter field
	 * @return each distinct id, in the order given, with its current value
	 */
	default <I> Map<I, Long> currentAll(Class<?> entityType, Collection<I> ids, String field) {
		Map<I, Long> values = new LinkedHashMap<>();
		for (I id : requireIds(ids)) {
			values.computeIfAbsent(id, (key) -> current(entityType, key, field));
		}
		return values;
	}

	/**
	 * Type-safe variant of {@link #currentAll(Class, Collection, String)}.
	 * @param <E> the entity type
	 * @param <I> the id type
	 * @param attribute the counter attribute
	 * @param ids the entity ids
	 * @return each distinct id, in the order given, with its current value
	 */
	default <E, I> Map<I, Long> currentAll(SingularAttribute<E, ? extends Number> attribute, Collection<I> ids) {
		return currentAll(attribute.getDeclaringType().getJavaType(), ids, attribute.getName());
	}

	/**
	 * Returns the buckets of a {@link CounterRollup @CounterRollup} counter for one row: every
	 * bucket of the period from the one {@code from} falls in up to {@code to}, excluded, each
	 * with what was written plus what is pending, zero where nothing was counted. Times are
	 * local to {@code buffered-counter.rollup.time-zone}.
	 * @param entityType the entity class
	 * @param id the entity id
	 * @param field a counter field with a {@code @CounterRollup} of that period
	 * @param period the period
	 * @param from the start of the range
	 * @param to the end of the range, excluded
	 * @return the buckets, oldest first
	 * @throws IllegalArgumentException if the field has no rollup of that period, or the range
	 * is empty or longer than 5000 buckets
	 */
	List<CounterBucket> series(Class<?> entityType, Object id, String field, RollupPeriod period, LocalDateTime from,
			LocalDateTime to);

	/**
	 * Type-safe variant of {@link #series(Class, Object, String, RollupPeriod, LocalDateTime, LocalDateTime)}.
	 * @param <E> the entity type
	 * @param attribute the counter attribute
	 * @param id the entity id
	 * @param period the period
	 * @param from the start of the range
	 * @param to the end of the range, excluded
	 * @return the buckets, oldest first
	 */
	default <E> List<CounterBucket> series(SingularAttribute<E, ? extends Number> attribute, Object id,
			RollupPeriod period, LocalDateTime from, LocalDateTime to) {
		return series(attribute.getDeclaringType().getJavaType(), id, attribute.getName(), period, from, to);
	}

	/**
	 * Returns {@link #current(Object, String)} for several entity instances, read as
	 * {@link #currentAll(Class, Collection, String)} reads ids, for entities that do not expose
	 * their ids. Hibernate reads each id; the instances may be of different subclasses.
	 * @param <E> the entity type
	 * @param entities persistent entities with assigned ids
	 * @param field the counter field
	 * @return a map keyed by the entities given, in the order given, with each one's current
	 * value; it finds keys by the entities' own {@code equals}, so two instances of one row are
	 * one key if they are equal and two keys (with the same value) if they are not
	 * @throws IllegalArgumentException if an entity is null or has no id yet
	 */
	<E> Map<E, Long> currentAll(Collection<E> entities, String field);

	/**
	 * Type-safe variant of {@link #currentAll(Collection, String)}, entities first.
	 * @param <E> the entity type
	 * @param entities persistent entities with assigned ids
	 * @param attribute the counter attribute
	 * @return each entity given, in the order given, with its current value
	 */
	default <E> Map<E, Long> currentAll(Collection<E> entities,
			SingularAttribute<? super E, ? extends Number> attribute) {
		return currentAll(entities, attribute.getName());
	}

	/**
	 * Returns the {@code n} rows of an entity with the highest current value of a counter, as
	 * {@link #current(Class, Object, String)} reads it: the database value plus everything
	 * pending, so a row that pending deltas lift (or, with negative deltas, drop) is ranked where
	 * it will be once they are flushed. Equal values are ordered by id, ascending. Only rows that
	 * exist in the database are ranked. It costs one SQL statement (one more per further 1000
	 * rows with deltas pending for the field) and one Redis read per shard (one in all on a
	 * single node).
	 * @param <I> the entity's id type
	 * @param entityType the entity class
	 * @param field a {@code @BufferedCounter} field that adds deltas (not a unique counter)
	 * @param n how many rows to return, from 1 to {@value #MAX_TOP}
	 * @return at most {@code n} rows, highest value first
	 * @throws IllegalArgumentException if {@code n} is out of range, the field is not a counter
	 * or is a unique counter, or the entity shares its counter table with a parent entity
	 */
	<I> List<RankedCount<I>> top(Class<?> entityType, String field, int n);

	/**
	 * Type-safe variant of {@link #top(Class, String, int)}, for example
	 * {@code top(Post_.views, 10)}. It takes no id, so, unlike {@code current}, it needs no
	 * separate form for entities with a string id.
	 * @param <E> the entity type
	 * @param <I> the entity's id type
	 * @param attribute the counter attribute
	 * @param n how many rows to return, from 1 to {@value #MAX_TOP}
	 * @return at most {@code n} rows, highest value first
	 */
	default <E, I> List<RankedCount<I>> top(SingularAttribute<E, ? extends Number> attribute, int n) {
		return top(attribute.getDeclaringType().getJavaType(), attribute.getName(), n);
	}

	private static <I> Collection<I> requireIds(Collection<I> ids) {
		if (ids == null) {
			throw new IllegalArgumentException("Ids must not be null; pass an empty collection to read none");
		}
		return ids;
	}

	/**
	 * Recounts a counter cache in SQL for one holder and corrects the column by the
	 * difference, so that once everything pending is flushed it holds the recount; pending
	 * deltas are counted once. Use it after bulk JPQL or SQL changes that Hibernate's listeners
	 * did not see.
	 * @param entityType the entity holding the counter
	 * @param id its id
	 * @param field a {@code @BufferedCounter} field with {@code countOf}
	 * @return the recount
	 * @throws IllegalArgumentException if the field is not a counter cache
	 */
	long recalculate(Class<?> entityType, Object id, String field);

	/**
	 * Recounts a counter cache for every holder row, set-based: it flushes everything pending
	 * first, then runs one {@code UPDATE} with a counting subquery per chunk of 1000 holder
	 * ids, each chunk in its own transaction, with pending deltas reconciled as by
	 * {@link #recalculate}.
	 * @param entityType the entity holding the counter
	 * @param field a {@code @BufferedCounter} field with {@code countOf}
	 * @return how many holder rows were recounted
	 * @throws IllegalArgumentException if the field is not a counter cache
	 */
	long recalculateAll(Class<?> entityType, String field);

	/**
	 * Recounts a counter cache for the given holder rows only, as {@link #recalculateAll(Class,
	 * String)} does for all of them: it flushes everything pending first, then runs the same
	 * {@code UPDATE} for chunks of 1000 of the ids. Rows of other holders are left as they are.
	 * @param entityType the entity holding the counter
	 * @param field a {@code @BufferedCounter} field with {@code countOf}
	 * @param ids the holder ids, of the entity's id type; ids of missing rows are skipped
	 * @return how many holder rows were recounted
	 * @throws IllegalArgumentException if the field is not a counter cache, or an id is
	 * {@code null} or of the wrong type
	 */
	long recalculateAll(Class<?> entityType, String field, Collection<?> ids);

	/**
	 * Recounts a counter cache for the given holder rows only.
	 * @param <E> the holder entity
	 * @param attribute the counter attribute, for example {@code Post_.commentCount}
	 * @param ids the holder ids
	 * @return how many holder rows were recounted
	 * @see #recalculateAll(Class, String, Collection)
	 */
	default <E> long recalculateAll(SingularAttribute<E, ? extends Number> attribute, Collection<?> ids) {
		return recalculateAll(attribute.getDeclaringType().getJavaType(), attribute.getName(), ids);
	}

	/**
	 * Recounts a counter cache for the holder rows a Criteria predicate selects, for example one
	 * client's rows of a table too big to recount whole: it flushes everything pending first,
	 * then reads the selected holder ids in order, 1000 at a time, and runs the same
	 * {@code UPDATE} as {@link #recalculateAll(Class, String)} for each chunk. A predicate rather
	 * than a JPQL fragment keeps every value a bound parameter (see {@link HolderFilter}).
	 * @param <E> the holder entity
	 * @param entityType the entity holding the counter
	 * @param field a {@code @BufferedCounter} field with {@code countOf}
	 * @param filter selects the holder rows to recount
	 * @return how many holder rows were recounted
	 * @throws IllegalArgumentException if the field is not a counter cache, or the filter is
	 * {@code null} or returns {@code null}
	 */
	<E> long recalculateAll(Class<E> entityType, String field, HolderFilter<E> filter);

	/**
	 * Recounts a counter cache for the holder rows a Criteria predicate selects.
	 * @param <E> the holder entity
	 * @param attribute the counter attribute, for example {@code Post_.commentCount}
	 * @param filter selects the holder rows to recount
	 * @return how many holder rows were recounted
	 * @see #recalculateAll(Class, String, HolderFilter)
	 */
	default <E> long recalculateAll(SingularAttribute<E, ? extends Number> attribute, HolderFilter<E> filter) {
		return recalculateAll(attribute.getDeclaringType().getJavaType(), attribute.getName(), filter);
	}

	/**
	 * Compares a counter cache of one holder, database value plus pending, with its recount.
	 * @param entityType the entity holding the counter
	 * @param id its id
	 * @param field a {@code @BufferedCounter} field with {@code countOf}
	 * @return the comparison
	 * @throws IllegalArgumentException if the field is not a counter cache
	 */
	CounterCheck verify(Class<?> entityType, Object id, String field);

	/**
	 * Compares a random sample of a counter cache's holders with their recounts, for tables too
	 * large to verify whole.
	 * @param entityType the entity holding the counter
	 * @param field a {@code @BufferedCounter} field with {@code countOf}
	 * @param sampleSize how many holders to check at most
	 * @param mode whether to log, correct or fail on a counter that is off
	 * @return what was found
	 * @throws CounterDriftException in {@link VerifyMode#FAIL} mode if a counter is off
	 */
	SampleCheck verifySample(Class<?> entityType, String field, int sampleSize, VerifyMode mode);

	/**
	 * Writes everything pending now and returns after the database commit. Batches that
	 * another instance holds under a live lease are left to that instance.
	 * @return what the flush wrote
	 */
	FlushResult flush();

}
