package io.github.bufferedcounter.store.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.RefusedDeltasException;

/**
 * Combines the adds of concurrent callers into few writes. A caller queues its deltas; whoever
 * finds a {@link WriteLane} free becomes a leader, takes everything queued, sums it per key,
 * writes it with one call on that lane and wakes the others. With several lanes, several
 * groups are in flight at once: callers queue behind one while another waits for Redis's
 * reply. Every caller returns only once its deltas are written, so an acknowledged increment
 * is in Redis, while many increments share one round trip. If the script refused a combined
 * write ({@link RefusedDeltasException}: an overflow, nothing of it added), each caller's
 * deltas are written alone, so only the caller whose deltas are at fault sees the exception.
 * Any other failure (Redis away or loading its data, a timeout) may come after Redis executed
 * the write: Lettuce re-sends a command that was in flight when its connection dropped, and
 * the re-sent one can fail where the first succeeded. Every caller of the group then sees
 * the failure, and nothing is written again, which could count the deltas twice.
 */
final class GroupCommit {

	private static final int MAX_GROUP = 1024;

	private final BiConsumer<WriteLane, Map<CounterKey, Long>> writer;

	private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();

	/** The lanes no leader writes on at the moment. */
	private final ConcurrentLinkedQueue<WriteLane> free;

	/**
	 * @param lanes the lanes to write on, one group in flight on each; at least one
	 * @param writer writes deltas on a lane
	 */
	GroupCommit(List<WriteLane> lanes, BiConsumer<WriteLane, Map<CounterKey, Long>> writer) {
		if (lanes.isEmpty()) {
			throw new IllegalArgumentException("A group commit needs at least one lane");
		}
		this.free = new ConcurrentLinkedQueue<>(lanes);
		this.writer = writer;
	}

	void submit(Map<CounterKey, Long> deltas) {
		Request request = new Request(deltas, Thread.currentThread());
		this.queue.add(request);
		// the leader writes for others too, and a waiter parks until its write is done: an
		// interrupt must neither fail their writes nor make this loop spin
		boolean interrupted = Thread.interrupted();
		boolean waited = false;
		while (!request.done) {
			WriteLane lane = this.free.poll();
			boolean wrote = false;
			if (lane != null) {
				try {
					wrote = writeGroup(lane, waited);
				}
				finally {
					this.free.add(lane);
					wakeNextLeader();
				}
			}
			// nothing was queued: another lane's leader took this request and wakes it when done
			if (!wrote && !request.done) {
				LockSupport.park(this);
				waited = true;
			}
			interrupted |= Thread.interrupted();
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
		if (request.failure != null) {
			throw request.failure;
		}
	}

	/**
	 * Wakes the oldest caller that queued while the lane was busy, to write the next group.
	 * Waiters park without a timeout: polling for the lead every few hundred microseconds made
	 * 64 threads wake 300,000 times a second and cut the throughput by half. A caller that
	 * queues after this look finds the lane free and leads itself.
	 */
	private void wakeNextLeader() {
		Request next = this.queue.peek();
		if (next != null) {
			LockSupport.unpark(next.caller);
		}
	}

	/**
	 * Writes what is queued on a lane; returns {@code false} if nothing was queued. A leader
	 * that had to wait for the lane yields its processor once before it takes the queue, so
	 * that callers just woken from the last group, and already running, can queue their next
	 * deltas and share this write. With 16 callers on two cores that raised the throughput by
	 * a quarter. A caller that found the lane free writes at once: nobody is queuing behind it.
	 */
	private boolean writeGroup(WriteLane lane, boolean waited) {
		if (waited) {
			Thread.yield();
		}
		List<Request> group = new ArrayList<>();
		Request next;
		while (group.size() < MAX_GROUP && (next = this.queue.poll()) != null) {
			group.add(next);
		}
		if (group.isEmpty()) {
			return false;
		}
		try {
			write(lane, group);
		}
		finally {
			// an Error escaped the write: its callers must not wait for ever, nor count on it
			for (Request request : group) {
				if (!request.done) {
					request.finish(new IllegalStateException("Writing deltas " + request.deltas
							+ " failed with an error; they may or may not have been added"));
				}
			}
		}
		return true;
	}

	private void write(WriteLane lane, List<Request> group) {
		Map<CounterKey, Long> merged;
		try {
			merged = merge(group);
		}
		catch (ArithmeticException ex) {
			// the sum of the group overflows: nothing was written yet
			writeAlone(lane, group);
			return;
		}
		try {
			this.writer.accept(lane, merged);
			group.forEach((request) -> request.finish(null));
		}
		catch (RefusedDeltasException ex) {
			if (group.size() == 1) {
				group.get(0).finish(ex);
				return;
			}
			writeAlone(lane, group);
		}
		catch (RuntimeException ex) {
			group.forEach((request) -> request.finish(ex));
		}
	}

	private void writeAlone(WriteLane lane, List<Request> group) {
		for (Request request : group) {
			try {
				this.writer.accept(lane, request.deltas);
				request.finish(null);
			}
			catch (RuntimeException alone) {
				request.finish(alone);
			}
		}
	}

	private static Map<CounterKey, Long> merge(List<Request> group) {
		if (group.size() == 1) {
			return group.get(0).deltas;
		}
		Map<CounterKey, Long> merged = new HashMap<>();
		group.forEach((request) -> request.deltas.forEach((key, delta) -> merged.merge(key, delta, Math::addExact)));
		return merged;
	}

	private static final class Request {

		private final Map<CounterKey, Long> deltas;

		private final Thread caller;

		private volatile boolean done;

		private RuntimeException failure;

		Request(Map<CounterKey, Long> deltas, Thread caller) {
			this.deltas = deltas;
			this.caller = caller;
		}

		void finish(RuntimeException failure) {
			this.failure = failure;
			this.done = true;
			LockSupport.unpark(this.caller);
		}

	}

}
