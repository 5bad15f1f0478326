package io.github.bufferedcounter.read;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.RankedCount;
import io.github.bufferedcounter.mapping.CounterRegistry;
import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.PendingSnapshot;
import jakarta.persistence.EntityManagerFactory;

/**
 * Reads a leaderboard: the rows with the highest current value of a counter. With P the rows
 * that have deltas of the field buffered or in flight, the top {@code n} by current value are
 * among the top {@code n + |P|} rows by column value and the rows of P, since a row outside P
 * is worth its column. So it reads the field's pending deltas from the store, then those rows
 * from the database ({@link TopQuery}), adds the deltas not yet applied, sorts and cuts; and
 * reads again, as {@link CurrentValues} does, if a batch was claimed on a shard it read in
 * between.
 */
public final class TopCounters {

	private static final int MAX_READS = 20;

	private static final Comparator<RankedCount<Object>> RANKING = Comparator
		.comparingLong((RankedCount<Object> rank) -> rank.value())
		.reversed()
		.thenComparing(RankedCount::id, TopCounters::compareIds);

	private final EntityManagerFactory entityManagerFactory;

	private final CounterRegistry registry;

	private final DeltaStore store;

	private final TopQuery query;

	/**
	 * Creates the reader.
	 * @param entityManagerFactory the persistence unit of the counters
	 * @param registry the known counters
	 * @param store the buffer
	 */
	public TopCounters(EntityManagerFactory entityManagerFactory, CounterRegistry registry, DeltaStore store) {
		this.entityManagerFactory = entityManagerFactory;
		this.registry = registry;
		this.store = store;
		this.query = new TopQuery(entityManagerFactory);
	}

	/**
	 * Reads the {@code n} rows with the highest current value.
	 * @param entityType the entity class
	 * @param field the counter field
	 * @param n how many rows, from 1 to {@link BufferedCounters#MAX_TOP}
	 * @param uncommitted deltas of the caller's transaction not yet handed to the store
	 * @return at most {@code n} rows, highest value first, equal values by id
	 * @throws IllegalArgumentException if {@code n} is out of range or the field cannot be ranked
	 */
	public List<RankedCount<Object>> read(Class<?> entityType, String field, int n,
			Map<CounterKey, Long> uncommitted) {
		if (n < 1 || n > BufferedCounters.MAX_TOP) {
			throw new IllegalArgumentException("top(" + ((entityType != null) ? entityType.getSimpleName() : null)
					+ ", \"" + field + "\", " + n + ") asks for " + n + " rows; n must be between 1 and "
					+ BufferedCounters.MAX_TOP + " (BufferedCounters.MAX_TOP)");
		}
		RankedField ranked = RankedField.of(this.entityManagerFactory, this.registry, entityType, field);
		List<RankedCount<Object>> ranking = List.of();
		for (int read = 0; read < MAX_READS; read++) {
			Map<CounterKey, PendingSnapshot> pending = this.store.pendingOfField(ranked.entityNames(), field);
			ranking = rank(ranked, n, withParsableIds(ranked, pending), ofField(ranked, uncommitted));
			if (ClaimVersions.unchangedSince(this.store, pending)) {
				break;
			}
		}
		return ranking;
	}

	/** A key whose id is not of the entity's id type names no row; the flush parks it. */
	private static Map<CounterKey, PendingSnapshot> withParsableIds(RankedField ranked,
			Map<CounterKey, PendingSnapshot> pending) {
		Map<CounterKey, PendingSnapshot> parsable = new HashMap<>();
		pending.forEach((key, snapshot) -> {
			try {
				id(ranked, key);
				parsable.put(key, snapshot);
			}
			catch (IllegalArgumentException ex) {
				// left out
			}
		});
		return parsable;
	}

	private static Map<CounterKey, Long> ofField(RankedField ranked, Map<CounterKey, Long> uncommitted) {
		Map<CounterKey, Long> deltas = new HashMap<>();
		uncommitted.forEach((key, delta) -> {
			if (key.field().equals(ranked.field()) && ranked.entityNames().contains(key.entity())) {
				deltas.put(key, delta);
			}
		});
		return deltas;
	}

	private List<RankedCount<Object>> rank(RankedField ranked, int n, Map<CounterKey, PendingSnapshot> pending,
			Map<CounterKey, Long> uncommitted) {
		Map<Object, Set<String>> pendingRows = new LinkedHashMap<>();
		pending.forEach((key, snapshot) -> pendingRows.computeIfAbsent(id(ranked, key), (id) -> new HashSet<>())
			.addAll(snapshot.inFlight().keySet()));
		uncommitted.keySet().forEach((key) -> pendingRows.computeIfAbsent(id(ranked, key), (id) -> new HashSet<>()));
		TopQuery.Candidates candidates = this.query.read(ranked, n + pendingRows.size(), pendingRows);
		Map<Object, Long> values = new HashMap<>(candidates.columns());
		pending.forEach((key, snapshot) -> values.computeIfPresent(id(ranked, key),
				(id, value) -> value + notApplied(snapshot, candidates.applied().get(id))));
		uncommitted.forEach((key, delta) -> values.computeIfPresent(id(ranked, key), (id, value) -> value + delta));
		List<RankedCount<Object>> ranking = new ArrayList<>();
		values.forEach((id, value) -> ranking.add(new RankedCount<>(id, value)));
		ranking.sort(RANKING);
		return List.copyOf(ranking.subList(0, Math.min(n, ranking.size())));
	}

	private static long notApplied(PendingSnapshot snapshot, Set<String> applied) {
		long delta = snapshot.buffered();
		for (Map.Entry<String, Long> batch : snapshot.inFlight().entrySet()) {
			if (!applied.contains(batch.getKey())) {
				delta += batch.getValue();
			}
		}
		return delta;
	}

	private static Object id(RankedField ranked, CounterKey key) {
		return ranked.table().parseId(key.id());
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static int compareIds(Object first, Object second) {
		return ((Comparable) first).compareTo(second);
	}

}
