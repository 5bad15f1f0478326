package io.github.bufferedcounter.store.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongFunction;

import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.RefusedDeltasException;
import io.github.bufferedcounter.store.SpillBufferFullException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The write path of {@link RedisDeltaStore}: group commits that combine concurrent adds into
 * numbered {@code add.lua} calls, each {@link WriteLane} sending one at a time, and the
 * {@link SpillBuffer} that keeps writes and adds while Redis cannot be reached, emptied by a
 * {@link SpillDrainer} and before every flush. On a single node one group commit covers every
 * shard; on a cluster each shard has its own, with lanes of its own, so a call never spans two
 * slots. Write numbers come from one counter, taken under the lane's lock, so each lane's
 * numbers grow in the order it sends them.
 */
final class RedisAdds {

	private static final Log logger = LogFactory.getLog(RedisAdds.class);

	/** The most by which a resend can reach Redis later than the moment it was judged. */
	private static final Duration MAX_MARK_MARGIN = Duration.ofMinutes(1);

	/** How long closing tries to send what is spilled before it gives it up as lost. */
	static final Duration CLOSE_PATIENCE = Duration.ofSeconds(10);

	private static final Duration CLOSE_RETRY = Duration.ofMillis(200);

	/** What {@code add.lua} replies when it can no longer tell whether it had run a write. */
	private static final long OUTCOME_LOST = -2;

	private final StringRedisTemplate redis;

	/** Runs {@code add.lua}: on the primary, or confirmed by replicas before a write counts as done. */
	private final DurableScripts scripts;

	private final List<RedisShardKeys> shards;

	private final Clock clock;

	private final boolean singleNode;

	/** One for all shards on a single node; one per shard on a cluster, where a write covers one slot. */
	private final List<GroupCommit> groupCommits;

	/** Every lane of every group commit; the drain and reads of spilled deltas lock them all. */
	private final List<WriteLane> lanes;

	private final AtomicLong writes = new AtomicLong();

	private final SpillBuffer spill;

	private final SpillDrainer drainer = new SpillDrainer(this::drain);

	private final Duration writerMarkTtl;

	private final Duration markMargin;

	/** Deltas callers were told were kept, which Redis then refused to take when they were sent again. */
	private final LongAdder refusedAfterAcknowledge = new LongAdder();

	/** Deltas of writes resent so late that whether Redis had run them cannot be told, and not sent again. */
	private final LongAdder abandonedResends = new LongAdder();

	private volatile boolean closed;

	/** Whether a write failed without telling whether Redis ran it, and was not kept to be sent again. */
	private volatile boolean unsettled;

	RedisAdds(StringRedisTemplate redis, DurableScripts scripts, List<RedisShardKeys> shards, Clock clock,
			boolean singleNode, int spillLimit, Duration writerMarkTtl, int writesInFlight) {
		this.redis = redis;
		this.scripts = scripts;
		this.writerMarkTtl = writerMarkTtl;
		Duration tenth = writerMarkTtl.dividedBy(10);
		this.markMargin = (tenth.compareTo(MAX_MARK_MARGIN) < 0) ? tenth : MAX_MARK_MARGIN;
		this.shards = shards;
		this.clock = clock;
		this.singleNode = singleNode;
		this.spill = new SpillBuffer(spillLimit);
		List<GroupCommit> commits = new ArrayList<>();
		List<WriteLane> lanes = new ArrayList<>();
		for (int i = 0; i < (singleNode ? 1 : shards.size()); i++) {
			List<WriteLane> own = new ArrayList<>();
			for (int lane = 0; lane < writesInFlight; lane++) {
				own.add(new WriteLane());
			}
			commits.add(new GroupCommit(own, this::write));
			lanes.addAll(own);
		}
		this.groupCommits = List.copyOf(commits);
		this.lanes = List.copyOf(lanes);
	}

	/**
	 * Reads a key from Redis together with what the spill buffer holds for it. While the buffer
	 * is active the read waits for every lane's lock, so that a kept write that Redis is running
	 * meanwhile is not counted in both places. A write whose reply was lost is counted as held
	 * until it is sent again, although Redis may have run it.
	 * @param key the key
	 * @param read reads Redis, given what is held for the key
	 * @return what the read returns
	 */
	<T> T readWithSpilled(CounterKey key, LongFunction<T> read) {
		return readWithSpilled(List.of(key), (held) -> read.apply(held.getOrDefault(key, 0L)));
	}

	/**
	 * Reads keys from Redis together with what the spill buffer holds for them, as
	 * {@link #readWithSpilled(CounterKey, LongFunction)} does for one.
	 * @param keys the keys
	 * @param read reads Redis, given what is held for the keys that have anything held
	 * @return what the read returns
	 */
	<T> T readWithSpilled(Collection<CounterKey> keys, Function<Map<CounterKey, Long>, T> read) {
		if (!this.spill.active()) {
			return read.apply(Map.of());
		}
		WriteLane.lockAll(this.lanes);
		try {
			return read.apply(this.spill.heldFor(keys));
		}
		finally {
			WriteLane.unlockAll(this.lanes);
		}
	}

	/**
	 * Reads Redis together with everything the spill buffer holds, for a read that cannot name
	 * its keys beforehand; as {@link #readWithSpilled(Collection, Function)}, no drain runs
	 * in between.
	 * @param read reads Redis, given the sums the spill buffer holds per key
	 * @return what the read returns
	 */
	<T> T readWithAllSpilled(Function<Map<CounterKey, Long>, T> read) {
		if (!this.spill.active()) {
			return read.apply(Map.of());
		}
		WriteLane.lockAll(this.lanes);
		try {
			return read.apply(this.spill.contents());
		}
		finally {
			WriteLane.unlockAll(this.lanes);
		}
	}

	/**
	 * Adds deltas, sharing the round trip with concurrent callers; returns once they are in
	 * Redis, or, while Redis cannot be reached, once they are in the local spill buffer. On a
	 * cluster each shard's deltas are a write of their own.
	 * @throws SpillBufferFullException if Redis cannot be reached and the spill buffer is full
	 */
	void add(Map<CounterKey, Long> deltas) {
		if (this.spill.active()) {
			if (this.closed) {
				throw new IllegalStateException("The buffered counter store is closed and Redis cannot be reached; "
						+ "deltas " + deltas + " were not added");
			}
			if (this.spill.hold(deltas)) {
				return;
			}
		}
		if (this.singleNode) {
			this.groupCommits.get(0).submit(deltas);
			return;
		}
		addShardByShard(deltas);
	}

	/**
	 * Adds each shard's part on its own, as a cluster needs. A part that fails after others were
	 * added must not be reported as a refusal of the whole add, which a caller could split and
	 * add again, counting the added parts twice.
	 */
	private void addShardByShard(Map<CounterKey, Long> deltas) {
		Map<CounterKey, Long> added = new HashMap<>();
		RuntimeException failure = null;
		for (Map<CounterKey, Long> part : splitByShard(deltas).values()) {
			try {
				this.groupCommits.get(DeltaStore.shardOf(part.keySet().iterator().next(), this.shards.size()))
					.submit(part);
				added.putAll(part);
			}
			catch (RuntimeException ex) {
				failure = (failure != null) ? failure : ex;
			}
		}
		if (failure == null) {
			return;
		}
		if (added.isEmpty()) {
			throw failure;
		}
		throw new IllegalStateException("Redis took only part of deltas " + deltas + ": " + added
				+ " were added, the rest failed: " + failure.getMessage(), failure);
	}

	private Map<Integer, Map<CounterKey, Long>> splitByShard(Map<CounterKey, Long> deltas) {
		Map<Integer, Map<CounterKey, Long>> byShard = new TreeMap<>();
		deltas.forEach((key, delta) -> byShard
			.computeIfAbsent(DeltaStore.shardOf(key, this.shards.size()), (shard) -> new HashMap<>())
			.put(key, delta));
		return byShard;
	}

	/**
	 * Writes what the group commit combined, as one call of {@code add.lua} on a lane. If the
	 * outcome is unclear (a timeout, a dropped connection, fewer replicas than required
	 * confirmed it), the write is kept in the spill
	 * buffer, to be sent again with the same number, and the callers return: they are
	 * acknowledged in memory. That happens before the lane is released, so the lane sends
	 * nothing newer while its unclear write is not settled.
	 */
	private void write(WriteLane lane, Map<CounterKey, Long> deltas) {
		if (this.spill.active() && this.spill.hold(deltas)) {
			return;
		}
		RuntimeException unclear = null;
		lane.lock();
		try {
			if (this.spill.active() && this.spill.hold(deltas)) {
				return;
			}
			RedisWrite write = plan(lane, deltas);
			try {
				send(write);
			}
			catch (RuntimeException ex) {
				// once closed, nothing would send what is spilled any more
				if (!this.spill.enabled() || RedisFailures.refused(ex) || this.closed) {
					this.unsettled |= !RedisFailures.refused(ex);
					throw refused(deltas, ex);
				}
				this.spill.keepUnclear(write);
				unclear = ex;
			}
		}
		finally {
			lane.unlock();
		}
		if (unclear != null) {
			logger.warn("Redis did not take a write (" + RedisFailures.describe(unclear) + "); holding deltas in the "
					+ "local spill buffer until it takes writes again");
			this.drainer.start();
		}
	}

	/** Numbers a write; only called holding the lane's lock, so its numbers are sent in order. */
	private RedisWrite plan(WriteLane lane, Map<CounterKey, Long> deltas) {
		Map<Integer, List<String>> byShard = new TreeMap<>();
		deltas.forEach((key, delta) -> {
			List<String> pairs = byShard.computeIfAbsent(DeltaStore.shardOf(key, this.shards.size()), (shard) -> new ArrayList<>());
			pairs.add(key.encode());
			pairs.add(Long.toString(delta));
		});
		return new RedisWrite(lane, this.writes.incrementAndGet(), byShard, deltas);
	}

	/**
	 * Sends a write, first or again; only called holding its lane's lock.
	 * @return {@code false} if it was sent so long after its first transmission that Redis
	 * could no longer tell whether it had run it, so it added nothing
	 */
	private boolean send(RedisWrite write) {
		long now = System.nanoTime();
		boolean markMayHaveExpired = write.mayHaveOutlivedMark(now, this.writerMarkTtl, this.markMargin);
		write.sending(now);
		List<String> keys = new ArrayList<>();
		List<String> args = new ArrayList<>();
		args.add(Long.toString(this.clock.millis()));
		args.add(Long.toString(write.number()));
		args.add(Long.toString(this.writerMarkTtl.toMillis()));
		args.add(markMayHaveExpired ? "1" : "0");
		args.add(RedisShardKeys.newClaimVersion());
		write.byShard().forEach((shard, pairs) -> {
			keys.addAll(this.shards.get(shard).forAdd(write.lane().writerId()));
			args.add(Integer.toString(pairs.size() / 2));
			args.addAll(pairs);
		});
		Long reply = this.scripts.run(RedisScripts.ADD, keys, args, RedisAdds::wrote);
		return wrote(reply);
	}

	/** Whether a reply of {@code add.lua} means Redis ran the write, now or before; -2 means it added nothing. */
	private static boolean wrote(Long reply) {
		return reply == null || reply != OUTCOME_LOST;
	}

	private static IllegalStateException refused(Map<CounterKey, Long> deltas, RuntimeException ex) {
		String message = RedisFailures.describe(ex);
		if (!RedisFailures.refused(ex)) {
			// spilling is off: the write may or may not have been applied, so it must not be split
			return new IllegalStateException("Redis failed to take deltas " + deltas + ", which may or may not "
					+ "have been added: " + message, ex);
		}
		return new RefusedDeltasException("Redis refused deltas " + deltas + ": " + message
				+ (message.contains("overflow") ? "; a buffered sum must stay within a signed 64-bit integer" : ""), ex);
	}

	/**
	 * Sends what the spill buffer holds, oldest first, once Redis answers again: first the
	 * unclear writes with their own numbers, then the deltas held meanwhile as new writes.
	 * Called by the drainer thread and before every flush.
	 * @return whether the spill buffer is empty
	 */
	boolean drain() {
		if (!this.spill.active()) {
			return true;
		}
		WriteLane.lockAll(this.lanes);
		try {
			while (true) {
				RedisWrite write;
				while ((write = this.spill.firstUnclear()) != null) {
					try {
						if (!send(write)) {
							abandon(write);
						}
						this.spill.sent(write);
					}
					catch (RuntimeException ex) {
						if (!RedisFailures.refused(ex)) {
							return false;
						}
						refusedOnResend(write, ex);
					}
				}
				if (!this.spill.keepHeldAs(this::planHeld) && this.spill.finishIfEmpty()) {
					logger.info("Redis answers again; the local spill buffer is empty");
					return true;
				}
			}
		}
		finally {
			WriteLane.unlockAll(this.lanes);
		}
	}

	private static boolean pause(Duration pause) {
		try {
			Thread.sleep(pause.toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Numbers the held deltas as new writes; only called while draining, holding every lane's lock. */
	private List<RedisWrite> planHeld(Map<CounterKey, Long> held) {
		WriteLane lane = this.lanes.get(0);
		if (this.singleNode) {
			return List.of(plan(lane, held));
		}
		return splitByShard(held).values().stream().map((part) -> plan(lane, part)).toList();
	}

	/**
	 * Handles a spilled write that Redis refused, which means it added none of it: one key whose
	 * sum would overflow must not take the other keys with it, so a write of several keys is
	 * sent again key by key, each as a new write queued after the writes kept before it (their
	 * lower numbers must reach Redis first). A single key is lost.
	 */
	private void refusedOnResend(RedisWrite write, RuntimeException ex) {
		if (write.deltas().size() == 1) {
			this.refusedAfterAcknowledge.add(1);
			logger.error("Redis refused a spilled delta whose caller had already returned, which is lost: "
					+ write.deltas() + ": " + RedisFailures.describe(ex));
			this.spill.sent(write);
			return;
		}
		logger.warn("Redis refused spilled write " + write.number() + " of " + write.deltas().size() + " keys ("
				+ RedisFailures.describe(ex) + "); sending its keys one by one so that only the refused key is lost");
		List<RedisWrite> parts = new ArrayList<>();
		write.deltas().forEach((key, delta) -> parts.add(plan(write.lane(), Map.of(key, delta))));
		this.spill.replace(write, parts);
	}

	/**
	 * Gives up a write that was first sent longer ago than Redis keeps the writer's mark: sent
	 * again, it would be added twice if Redis had run the first transmission.
	 */
	private void abandon(RedisWrite write) {
		this.abandonedResends.add(write.deltas().size());
		logger.error("Deltas kept for longer than buffered-counter.redis.writer-mark-ttl (" + this.writerMarkTtl
				+ ") after Redis's reply to them was lost may or may not have been added, and are not sent again: "
				+ write.deltas() + "; check these counters, and raise writer-mark-ttl above the longest outage "
				+ "between this instance and Redis");
	}

	/**
	 * Returns how many deltas Redis refused after they had been kept in the spill buffer and
	 * their callers had returned.
	 * @return the number of lost deltas
	 */
	long refusedAfterAcknowledge() {
		return this.refusedAfterAcknowledge.sum();
	}

	/**
	 * Returns how many kept deltas were not sent again because whether Redis had taken them
	 * could no longer be told.
	 * @return the number of deltas of unknown outcome
	 */
	long abandonedResends() {
		return this.abandonedResends.sum();
	}

	/**
	 * Returns how many distinct keys wait in the local spill buffer.
	 * @return the number of spilled keys
	 */
	int spilledKeys() {
		return this.spill.keys();
	}

	/**
	 * Returns how many deltas went to the spill buffer since startup.
	 * @return the number of spilled deltas
	 */
	long spilledDeltas() {
		return this.spill.spilled();
	}

	/**
	 * Returns how many adds the full spill buffer refused since startup.
	 * @return the number of refused adds
	 */
	long spillRefusals() {
		return this.spill.refused();
	}

	/**
	 * Stops the drainer and sends what is spilled, trying again for up to
	 * {@link #CLOSE_PATIENCE} while Redis does not take it (a restart, a failover, a moment as
	 * a read-only replica); what still cannot be sent is logged as lost. Adds after this are
	 * still written, but no longer spilled: one that Redis does not take fails.
	 */
	void close() {
		this.closed = true;
		this.drainer.stop();
		long deadline = System.nanoTime() + CLOSE_PATIENCE.toNanos();
		while (!drain() && System.nanoTime() < deadline) {
			if (!pause(CLOSE_RETRY)) {
				break;
			}
		}
		// an add that found the store open may have been held during the drain; none is held after this
		Map<CounterKey, Long> lost = this.spill.close();
		if (!lost.isEmpty()) {
			logger.error("Redis cannot be reached at shutdown; deltas in the local spill buffer are lost: " + lost);
			return;
		}
		forgetMarks();
	}

	/**
	 * Deletes the writer marks of this store's lanes, which nothing will read again: every write
	 * the store sent has had its reply (none is kept to be sent again), and a connection
	 * answers in order, so no earlier transmission of one can still reach Redis. An add after
	 * this is a new write with a higher number and sets a mark of its own. Kept if a write ended
	 * without telling whether Redis ran it and was not kept to be sent again: a resend by
	 * Lettuce would then need it. A mark left behind expires after writer-mark-ttl.
	 */
	private void forgetMarks() {
		WriteLane.lockAll(this.lanes);
		try {
			if (this.unsettled) {
				return;
			}
			for (RedisShardKeys shard : this.shards) {
				this.redis.delete(this.lanes.stream().map((lane) -> shard.writerMark(lane.writerId())).toList());
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not delete the writer marks of this instance; they expire after writer-mark-ttl", ex);
		}
		finally {
			WriteLane.unlockAll(this.lanes);
		}
	}

}
