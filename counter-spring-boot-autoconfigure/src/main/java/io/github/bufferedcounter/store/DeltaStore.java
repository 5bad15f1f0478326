package io.github.bufferedcounter.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Where deltas wait between a committed increment and the flush. Implementations must make
 * {@link #add}, {@link #claim} and {@link #acknowledge} each atomic per shard; together with
 * the batch id that the flusher records in the database, that makes every delta land once.
 */
public interface DeltaStore {

	/**
	 * Adds deltas to the buffer, summing them with what is already buffered for each key.
	 * @param deltas the deltas by counter
	 * @throws IllegalStateException if the store cannot take them, for example because a
	 * buffered value would overflow; nothing of the call is then recorded for that key
	 */
	void add(Map<CounterKey, Long> deltas);

	/**
	 * Adds the deltas of a transaction that has already committed, such as a counter cache's:
	 * nobody waits for the outcome, and a failure can only be logged. A store may return
	 * before they reach the shared buffer if {@link #sync()} and {@link #pending} wait for
	 * them. The default adds them at once through {@link CommittedDeltas}.
	 * @param deltas the committed deltas
	 */
	default void addCommitted(Map<CounterKey, Long> deltas) {
		CommittedDeltas.handOver(this, deltas, LogFactory.getLog(DeltaStore.class), "deltas");
	}

	/**
	 * Pushes whatever is held in front of the shared buffer, such as a local aggregation, into
	 * it. The flusher calls this before each flush, so a flush also writes what was aggregated.
	 */
	default void sync() {
	}

	/**
	 * Returns the number of shards; deltas of one row always go to the same shard.
	 * @return the shard count, at least 1
	 */
	int shards();

	/**
	 * Takes a batch off one shard: a batch whose lease has run out if there is one, else up to
	 * {@code maxKeys} buffered deltas under a new lease.
	 * @param shard the shard
	 * @param maxKeys the largest number of keys in a new batch
	 * @param lease how long the batch stays reserved for the caller
	 * @return the batch, or empty if the shard has nothing to flush
	 */
	Optional<ClaimedBatch> claim(int shard, int maxKeys, Duration lease);

	/**
	 * Forgets a batch after its updates are committed, and takes back the deltas that failed
	 * on their own: each is buffered again, or parked as a dead letter once it has failed
	 * {@code maxAttempts} times.
	 * @param batch the batch
	 * @param rejected deltas of the batch that were not written
	 * @param maxAttempts attempts after which a rejected delta becomes a dead letter
	 * @return the number of deltas parked as dead letters by this call
	 */
	int acknowledge(ClaimedBatch batch, Iterable<RejectedDelta> rejected, int maxAttempts);

	/**
	 * Keeps a batch claimed after a failure that concerned the whole batch (the database was
	 * unreachable) and makes it claimable again after {@code retryAfter}.
	 * @param batch the batch
	 * @param retryAfter the backoff before the next attempt
	 */
	void release(ClaimedBatch batch, Duration retryAfter);

	/**
	 * Returns what the store holds for one counter.
	 * @param key the counter
	 * @return buffered and in-flight deltas
	 */
	PendingSnapshot pending(CounterKey key);

	/**
	 * Returns the claim version of the counter's shard, as in {@link PendingSnapshot}.
	 * @param key the counter
	 * @return the current claim version
	 */
	long claimVersion(CounterKey key);

	/**
	 * Returns what the store holds for several counters, as {@link #pending(CounterKey)} does
	 * for one. This default reads them one by one; the Redis store reads a shard's counters in
	 * one round trip (all shards in one on a single node).
	 * @param keys the counters
	 * @return a snapshot for each distinct key
	 */
	default Map<CounterKey, PendingSnapshot> pendingAll(Collection<CounterKey> keys) {
		Map<CounterKey, PendingSnapshot> snapshots = new LinkedHashMap<>();
		for (CounterKey key : keys) {
			snapshots.computeIfAbsent(key, this::pending);
		}
		return snapshots;
	}

	/**
	 * Returns what the store holds for every counter of one field that has anything buffered or
	 * in a claimed batch, as {@link #pendingAll} would for those keys, for a leaderboard that
	 * must see every row a pending delta may move. The Redis store reads each shard once (all
	 * shards in one call on a single node), walking its pending hash and claimed batches.
	 * @param entities the entity names whose keys count (an entity and its subclasses share a row)
	 * @param field the counter field
	 * @return a snapshot for each such key
	 * @throws UnsupportedOperationException if the store cannot list its keys by field; this
	 * default does
	 */
	default Map<CounterKey, PendingSnapshot> pendingOfField(Collection<String> entities, String field) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot list its pending counters by field, "
				+ "which BufferedCounters.top needs; implement DeltaStore.pendingOfField");
	}

	/**
	 * Returns the claim versions of several counters' shards, as {@link #claimVersion} does for
	 * one. This default reads them one by one; the Redis store reads each shard once.
	 * @param keys the counters
	 * @return the current claim version for each distinct key
	 */
	default Map<CounterKey, Long> claimVersions(Collection<CounterKey> keys) {
		Map<CounterKey, Long> versions = new LinkedHashMap<>();
		for (CounterKey key : keys) {
			versions.computeIfAbsent(key, this::claimVersion);
		}
		return versions;
	}

	/**
	 * Remembers rows that were deleted through Hibernate, so that the deltas still on their way
	 * to them are known as expected leftovers, not as rows that vanished. Only rows with a delta
	 * pending are remembered (a row with nothing pending leaves nothing over, and a mass deletion
	 * then costs nothing). Called after the deleting transaction committed; this default
	 * remembers nothing.
	 * @param counters every counter of each deleted row
	 */
	default void rowsDeleted(Collection<CounterKey> counters) {
	}

	/**
	 * Returns the counters whose rows were deleted through Hibernate, as told to
	 * {@link #rowsDeleted}, within at least the time a delta can take to reach the store.
	 * @param keys the counters to check
	 * @return those of them whose row was deleted; this default returns none
	 */
	default Set<CounterKey> deletedAmong(Collection<CounterKey> keys) {
		return Set.of();
	}

	/**
	 * Returns the number of distinct buffered keys, not counting claimed batches.
	 * @return the pending key count
	 */
	long pendingKeyCount();

	/**
	 * Lists buffered deltas a page at a time, without loading the whole buffer. While flushes
	 * run, an entry may show on two pages or not at all.
	 * @param entity only deltas of this entity, or {@code null} for all
	 * @param cursor the cursor of a previous page, or {@code null} for the first page
	 * @param limit the most deltas to return
	 * @return the page
	 * @throws IllegalArgumentException if the cursor was not returned by this store
	 */
	PendingPage scanPending(@Nullable String entity, @Nullable String cursor, int limit);

	/**
	 * Returns when the oldest delta that is not yet acknowledged entered the store.
	 * @return the instant, or empty if the store holds nothing
	 */
	Optional<Instant> oldestPending();

	/**
	 * Returns how many deltas are parked as dead letters.
	 * @return the dead letter count
	 */
	long deadLetterCount();

	/**
	 * Lists dead letters.
	 * @param limit the most to return
	 * @return up to {@code limit} dead letters
	 */
	List<DeadLetter> deadLetters(int limit);

	/**
	 * Buffers dead letters again, with a fresh attempt count.
	 * @param key the key of one dead letter, or {@code null} for up to 1000 of them
	 * @return how many were buffered again
	 */
	int retryDeadLetters(@Nullable String key);

	/**
	 * Deletes dead letters.
	 * @param key the key of one dead letter, or {@code null} for up to 1000 of them
	 * @return how many were deleted
	 */
	int discardDeadLetters(@Nullable String key);

	/**
	 * Returns how many distinct keys wait in this process because the store could not be
	 * reached.
	 * @return the number of spilled keys, 0 for a store that never spills
	 */
	default int spilledKeys() {
		return 0;
	}

	/**
	 * Returns how many deltas waited in this process because the store could not be reached,
	 * since startup.
	 * @return the number of spilled deltas
	 */
	default long spilledDeltas() {
		return 0;
	}

	/**
	 * Returns how many adds were refused since startup because the store could not be reached
	 * and the spill buffer was full.
	 * @return the number of refused adds
	 */
	default long spillRefusals() {
		return 0;
	}

	/**
	 * Returns how many deltas were lost since startup although the add that carried them had
	 * returned: the store kept them in this process, then refused them when it was reachable
	 * again (a sum that would overflow). Each is logged at ERROR.
	 * @return the number of lost deltas, 0 for a store that never keeps adds to send later
	 */
	default long refusedAfterAcknowledge() {
		return 0;
	}

	/**
	 * Returns how many deltas kept in this process were given up since startup because whether
	 * the store had already taken them could no longer be told, so sending them again might
	 * count them twice. Each is logged at ERROR.
	 * @return the number of deltas of unknown outcome
	 */
	default long abandonedResends() {
		return 0;
	}

	/**
	 * Returns how many committed transactions' deltas wait in this process for a thread that
	 * adds them ({@link #addCommitted}).
	 * @return the number of waiting transactions, 0 for a store that adds them at once
	 */
	default int deferredTransactions() {
		return 0;
	}

	/**
	 * Returns the shard of a row: a stable hash of {@link CounterKey#row()}.
	 * @param key the counter
	 * @param shards the shard count
	 * @return a shard in {@code [0, shards)}
	 */
	static int shardOf(CounterKey key, int shards) {
		return Math.floorMod(key.row().hashCode(), shards);
	}

}
