package io.github.bufferedcounter.store.redis;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How many replicas must confirm a write before the Redis store relies on it: an add before its
 * callers count it as stored, a claim before its batch touches the database. Redis's
 * {@code WAIT} confirms it, once per combined write. Zero relies on the primary alone, as a
 * Redis without replicas must.
 *
 * @param replicas how many replicas must have the write, 0 to wait for none
 * @param timeout how long {@code WAIT} waits for them; a write they did not confirm by then is
 * held and sent again, like one whose reply was lost
 */
public record ReplicaAcknowledgement(int replicas, Duration timeout) {

	/** The default of how long {@code WAIT} waits for the replicas. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

	/** Relies on the primary alone. */
	public static final ReplicaAcknowledgement NONE = new ReplicaAcknowledgement(0, DEFAULT_TIMEOUT);

	public ReplicaAcknowledgement {
		Assert.isTrue(replicas >= 0, () -> "replicas must not be negative; got " + replicas);
		Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(),
				() -> "the replica timeout must be positive (WAIT with 0 would wait for ever); got " + timeout);
	}

	/**
	 * Returns whether writes wait for replicas.
	 * @return {@code true} if at least one replica must confirm a write
	 */
	public boolean waits() {
		return this.replicas > 0;
	}

}
