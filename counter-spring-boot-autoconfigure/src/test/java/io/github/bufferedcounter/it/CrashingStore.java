package io.github.bufferedcounter.it;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.bufferedcounter.store.ClaimedBatch;
import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.PendingSnapshot;
import io.github.bufferedcounter.store.RejectedDelta;

/**
 * A real store whose acknowledge can be made to fail, standing in for a flusher process that
 * dies between its database commit and its acknowledge.
 */
class CrashingStore implements DeltaStore {

	final AtomicBoolean crashOnAcknowledge = new AtomicBoolean();

	private final DeltaStore delegate;

	CrashingStore(DeltaStore delegate) {
		this.delegate = delegate;
	}

	@Override
	public void add(Map<CounterKey, Long> deltas) {
		this.delegate.add(deltas);
	}

	@Override
	public int shards() {
		return this.delegate.shards();
	}

	@Override
	public Optional<ClaimedBatch> claim(int shard, int maxKeys, Duration lease) {
		return this.delegate.claim(shard, maxKeys, lease);
	}

	@Override
	public int acknowledge(ClaimedBatch batch, Iterable<RejectedDelta> rejected, int maxAttempts) {
		if (this.crashOnAcknowledge.getAndSet(false)) {
			throw new IllegalStateException("simulated crash before acknowledge");
		}
		return this.delegate.acknowledge(batch, rejected, maxAttempts);
	}

	@Override
	public void release(ClaimedBatch batch, Duration retryAfter) {
		this.delegate.release(batch, retryAfter);
	}

	@Override
	public PendingSnapshot pending(CounterKey key) {
		return this.delegate.pending(key);
	}

	@Override
	public long claimVersion(CounterKey key) {
		return this.delegate.claimVersion(key);
	}

	@Override
	public long deadLetterCount() {
		return this.delegate.deadLetterCount();
	}

}
