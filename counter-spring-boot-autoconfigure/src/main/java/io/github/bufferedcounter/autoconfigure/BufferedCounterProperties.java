package io.github.bufferedcounter.autoconfigure;

import java.time.Duration;
import java.time.ZoneId;

import io.github.bufferedcounter.store.redis.RedisDeltaStore;
import io.github.bufferedcounter.store.redis.ReplicaAcknowledgement;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

/**
 * Configuration properties for buffered counters.
 */
@ConfigurationProperties("buffered-counter")
public class BufferedCounterProperties implements InitializingBean {

	/**
	 * Whether to enable buffered counters.
	 */
	private boolean enabled = true;

	/**
	 * Where deltas wait for the flush. Defaults to redis when a RedisConnectionFactory bean
	 * exists, else memory.
	 */
	private StoreType store;

	private final Flush flush = new Flush();

	private final Redis redis = new Redis();

	private final Jdbc jdbc = new Jdbc();

	private final Health health = new Health();

	private final LocalAggregation localAggregation = new LocalAggregation();

	private final CounterCache counterCache = new CounterCache();

	private final Rollup rollup = new Rollup();

	public Rollup getRollup() {
		return this.rollup;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public StoreType getStore() {
		return this.store;
	}

	public void setStore(StoreType store) {
		this.store = store;
	}

	public Flush getFlush() {
		return this.flush;
	}

	public Redis getRedis() {
		return this.redis;
	}

	public Jdbc getJdbc() {
		return this.jdbc;
	}

	public Health getHealth() {
		return this.health;
	}

	public LocalAggregation getLocalAggregation() {
		return this.localAggregation;
	}

	public CounterCache getCounterCache() {
		return this.counterCache;
	}

	@Override
	public void afterPropertiesSet() {
		positive("flush.interval", this.flush.interval);
		positive("flush.lease", this.flush.lease);
		positive("flush.initial-backoff", this.flush.initialBackoff);
		positive("flush.max-backoff", this.flush.maxBackoff);
		positive("flush.shutdown-timeout", this.flush.shutdownTimeout);
		positive("jdbc.retention", this.jdbc.retention);
		positive("health.lag-threshold", this.health.lagThreshold);
		checkRetention();
		if (this.localAggregation.window != null) {
			positive("local-aggregation.window", this.localAggregation.window);
		}
		range("flush.batch-size", this.flush.batchSize, 1, 10_000);
		range("flush.max-attempts", this.flush.maxAttempts, 1, 1_000);
		range("flush.max-batches-per-shard", this.flush.maxBatchesPerShard, 1, 1_000_000);
		range("flush.threads", this.flush.threads, 1, 64);
		range("redis.shards", this.redis.shards, 1, 1_024);
		range("redis.spill-limit", this.redis.spillLimit, 0, 10_000_000);
		range("redis.writes-in-flight", this.redis.writesInFlight, 1, 64);
		range("redis.replicas", this.redis.replicas, 0, 64);
		positive("redis.replica-timeout", this.redis.replicaTimeout);
		if (this.redis.writerMarkTtl == null || this.redis.writerMarkTtl.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("buffered-counter.redis.writer-mark-ttl must be at least 1s, and "
					+ "longer than the longest outage between an instance and Redis, such as 7d; got "
					+ this.redis.writerMarkTtl);
		}
		String prefix = this.redis.keyPrefix;
		if (prefix == null || RedisDeltaStore.keyPrefix(prefix).isBlank() || prefix.contains("{")
				|| prefix.contains("}")) {
			throw new IllegalArgumentException("buffered-counter.redis.key-prefix must be a non-blank string "
					+ "without '{' or '}' (the starter adds its own hash tags); got '" + prefix + "'");
		}
	}

	/**
	 * A batch id must outlive every redelivery of its batch: one that comes back after its
	 * lease, or after a release with backoff, must still find its id, or it is applied twice.
	 */
	private void checkRetention() {
		Duration least = this.flush.lease.plus(this.flush.maxBackoff).multipliedBy(2);
		if (this.jdbc.retention.compareTo(least) < 0) {
			throw new IllegalArgumentException("buffered-counter.jdbc.retention must be at least " + least
					+ " (twice flush.lease plus flush.max-backoff): an applied batch id must outlive every "
					+ "redelivery of its batch; got " + this.jdbc.retention);
		}
	}

	private static void positive(String name, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(
					"buffered-counter." + name + " must be a positive duration, such as 1s or 500ms; got " + value);
		}
	}

	private static void range(String name, int value, int min, int max) {
		if (value < min || value > max) {
			throw new IllegalArgumentException("buffered-counter." + name + " must be between " + min + " and "
					+ max + "; got " + value);
		}
	}

	/**
	 * The kinds of delta store.
	 */
	public enum StoreType {

		/**
		 * Redis, through the application's RedisConnectionFactory: shared by all instances,
		 * survives restarts of the application.
		 */
		REDIS,

		/**
		 * The heap of this instance: for tests and single-instance applications; drained on
		 * shutdown, lost on a crash.
		 */
		MEMORY

	}

	/**
	 * Flush settings.
	 */
	public static class Flush {

		/**
		 * Time between the starts of two scheduled flushes; a flush that takes longer is
		 * followed by the next at once. A delta normally waits at most this long before a flush
		 * claims it.
		 */
		private Duration interval = Duration.ofSeconds(1);

		/**
		 * Largest number of counters written in one batch, and so in one database transaction.
		 */
		private int batchSize = 1000;

		/**
		 * How long a claimed batch stays reserved for its flusher; after that another instance
		 * recovers it. Must exceed the time one batch takes to write.
		 */
		private Duration lease = Duration.ofSeconds(60);

		/**
		 * Failures after which a delta that keeps failing on its own is parked as a dead letter.
		 */
		private int maxAttempts = 5;

		/**
		 * Wait after the first database failure; doubled after each further failure.
		 */
		private Duration initialBackoff = Duration.ofSeconds(1);

		/**
		 * Longest wait between retries after database failures.
		 */
		private Duration maxBackoff = Duration.ofMinutes(5);

		/**
		 * Most batches one flush takes from a shard, so that a flush under sustained load ends.
		 */
		private int maxBatchesPerShard = 1000;

		/**
		 * How long shutdown waits for the running flush and the final flush together; what is not
		 * written by then stays in the store and is flushed after the next start.
		 */
		private Duration shutdownTimeout = Duration.ofSeconds(30);

		/**
		 * Whether to publish a CounterChangedEvent, with the old and the new value, for every
		 * counter a flush changed, after the flush's transaction committed. Costs one select per
		 * table and up to 1000 updated rows in that transaction.
		 */
		private boolean publishEvents;

		/**
		 * Shards one flush works on at once, each with a database connection of its own.
		 */
		private int threads = 2;

		public int getThreads() {
			return this.threads;
		}

		public void setThreads(int threads) {
			this.threads = threads;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public Duration getLease() {
			return this.lease;
		}

		public void setLease(Duration lease) {
			this.lease = lease;
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public int getMaxBatchesPerShard() {
			return this.maxBatchesPerShard;
		}

		public void setMaxBatchesPerShard(int maxBatchesPerShard) {
			this.maxBatchesPerShard = maxBatchesPerShard;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		public boolean isPublishEvents() {
			return this.publishEvents;
		}

		public void setPublishEvents(boolean publishEvents) {
			this.publishEvents = publishEvents;
		}

	}

	/**
	 * Redis store settings.
	 */
	public static class Redis {

		/**
		 * Prefix of every Redis key the starter writes; keys are the prefix, a colon and the
		 * rest, such as "buffered-counter:shards". A trailing colon is ignored, so "app" and
		 * "app:" name the same keys. Instances that share counters must share it.
		 */
		private String keyPrefix = "buffered-counter";

		/**
		 * Number of shards deltas are spread over; each shard is one Redis Cluster slot.
		 */
		private int shards = 16;

		/**
		 * Most distinct keys held in process while Redis cannot be reached; past it an
		 * increment fails. 0 makes increments fail as soon as Redis does.
		 */
		private int spillLimit = 100_000;

		/**
		 * How long Redis remembers the number of an instance's last write, so that a write
		 * whose reply was lost can be sent again without being counted twice. A write held
		 * longer than this (an outage between this instance and Redis) is not sent again but
		 * logged at ERROR. At least 1s.
		 */
		private Duration writerMarkTtl = Duration.ofDays(7);

		/**
		 * How many combined writes may wait for Redis's reply at once, per Redis node or, on a
		 * cluster, per shard. More shortens the wait of a caller that arrives while a write is
		 * out, at the cost of more, smaller writes. 1 to 64.
		 */
		private int writesInFlight = 1;

		/**
		 * How many replicas must confirm an add (Redis's WAIT, once per combined write) before
		 * the increment returns, and a claim before its batch is written to the database, so
		 * that a failover to such a replica neither loses the add nor applies the batch twice.
		 * An add they do not confirm in time is held in process and sent again, like one whose
		 * reply was lost. 0 relies on the primary alone, as a Redis without replicas must. 0 to 64.
		 */
		private int replicas = 0;

		/**
		 * How long WAIT waits for the replicas; keep it below spring.data.redis.timeout. A write
		 * they did not confirm by then counts as unclear and is held and sent again.
		 */
		private Duration replicaTimeout = ReplicaAcknowledgement.DEFAULT_TIMEOUT;

		public int getReplicas() {
			return this.replicas;
		}

		public void setReplicas(int replicas) {
			this.replicas = replicas;
		}

		public Duration getReplicaTimeout() {
			return this.replicaTimeout;
		}

		public void setReplicaTimeout(Duration replicaTimeout) {
			this.replicaTimeout = replicaTimeout;
		}

		public int getWritesInFlight() {
			return this.writesInFlight;
		}

		public void setWritesInFlight(int writesInFlight) {
			this.writesInFlight = writesInFlight;
		}

		public Duration getWriterMarkTtl() {
			return this.writerMarkTtl;
		}

		public void setWriterMarkTtl(Duration writerMarkTtl) {
			this.writerMarkTtl = writerMarkTtl;
		}

		public int getSpillLimit() {
			return this.spillLimit;
		}

		public void setSpillLimit(int spillLimit) {
			this.spillLimit = spillLimit;
		}

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public int getShards() {
			return this.shards;
		}

		public void setShards(int shards) {
			this.shards = shards;
		}

	}

	/**
	 * Database settings.
	 */
	public static class Jdbc {

		/**
		 * When the starter runs its migrations to create its tables: always, embedded (only in
		 * an embedded database) or never.
		 */
		private DatabaseInitializationMode initializeSchema = DatabaseInitializationMode.EMBEDDED;

		/**
		 * How long applied batch ids are kept; must exceed the longest time a batch can stay
		 * unacknowledged, for example through a Redis outage.
		 */
		private Duration retention = Duration.ofDays(7);

		/**
		 * Whether startup fails when the starter's tables are missing or lack a column. When
		 * false, the problem is logged and the health indicator reports DOWN until it is fixed.
		 */
		private boolean failOnMissingSchema = true;

		public boolean isFailOnMissingSchema() {
			return this.failOnMissingSchema;
		}

		public void setFailOnMissingSchema(boolean failOnMissingSchema) {
			this.failOnMissingSchema = failOnMissingSchema;
		}

		public DatabaseInitializationMode getInitializeSchema() {
			return this.initializeSchema;
		}

		public void setInitializeSchema(DatabaseInitializationMode initializeSchema) {
			this.initializeSchema = initializeSchema;
		}

		public Duration getRetention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			this.retention = retention;
		}

	}

	/**
	 * Health indicator settings.
	 */
	public static class Health {

		/**
		 * Age of the oldest unflushed delta past which the health status is DEGRADED, and how
		 * long flushes may fail or retry before it is DOWN.
		 */
		private Duration lagThreshold = Duration.ofSeconds(60);

		public Duration getLagThreshold() {
			return this.lagThreshold;
		}

		public void setLagThreshold(Duration lagThreshold) {
			this.lagThreshold = lagThreshold;
		}

	}

	/**
	 * In-process pre-aggregation settings.
	 */
	public static class LocalAggregation {

		/**
		 * How long increments are summed in this process before the sums go to the store, for
		 * example 50ms. Unset (the default) sends every increment at once. A hard crash loses up
		 * to one window of acknowledged increments.
		 */
		private Duration window;

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

	}

	/**
	 * Counter cache settings.
	 */
	public static class CounterCache {

		/**
		 * Whether the thread that commits a transaction waits until its counter cache deltas are
		 * in the store. By default a background thread adds them, summed with other
		 * transactions' deltas, and the committing thread goes on; a hard crash in between loses
		 * them either way.
		 */
		private boolean awaitWrite;

		public boolean isAwaitWrite() {
			return this.awaitWrite;
		}

		public void setAwaitWrite(boolean awaitWrite) {
			this.awaitWrite = awaitWrite;
		}

	}

	/**
	 * Settings of {@code @CounterRollup} buckets.
	 */
	public static class Rollup {

		/**
		 * The time zone in which hours, days and months of rollup buckets start. Defaults to the
		 * JVM's default time zone. Changing it later starts new buckets at the new boundaries;
		 * buckets already written keep theirs.
		 */
		private ZoneId timeZone;

		public ZoneId getTimeZone() {
			return this.timeZone;
		}

		public void setTimeZone(ZoneId timeZone) {
			this.timeZone = timeZone;
		}

	}

}
