package io.github.bufferedcounter.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToIntFunction;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Adds the deltas of committed transactions to a store from a thread of its own, so that the
 * thread that committed does not wait for the round trip. Whatever queued while a write was in
 * flight is summed into the next one. {@link #sync()} writes everything queued before it was
 * called, and is what the flusher, a recount and a pending read call first, so none of them
 * misses a committed delta that is still on its way.
 * <p>
 * What the store refuses as a whole ({@link RefusedDeltasException}: an overflow, a full spill
 * buffer) is handed over again transaction by transaction through {@link CommittedDeltas}, so
 * one transaction's bad delta loses nothing of the others. Past {@link #MAX_QUEUED} queued
 * transactions a committing thread writes its deltas itself, which holds memory bounded when
 * the store is slower than the commits. The queue is memory: a hard crash loses what it holds,
 * as the same crash a moment earlier would have lost the deltas between the commit and the
 * write. The thread starts with the first add and stops on {@link #close()}, which writes what
 * is left.
 */
public final class DeferredAdds implements AutoCloseable {

	/** Queued transactions beyond which a committing thread hands its deltas over itself. */
	static final int MAX_QUEUED = 10_000;

	private static final Log logger = LogFactory.getLog(DeferredAdds.class);

	private final DeltaStore store;

	private final String what;

	private final ToIntFunction<CounterKey> partOf;

	private final ConcurrentLinkedQueue<Map<CounterKey, Long>> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger queued = new AtomicInteger();

	private final ReentrantLock writing = new ReentrantLock();

	private final boolean background;

	private final Object lifecycle = new Object();

	private Thread writer;

	private volatile boolean idle;

	private volatile boolean closed;

	/**
	 * @param store the store to add to, with its own synchronous {@link DeltaStore#add}
	 * @param what what the deltas are, for log messages, e.g. "counter cache deltas"
	 * @param partOf the part of the store a key is added to all or nothing with the other keys
	 * of its part, such as its shard on a Redis Cluster; every key in one part for a store
	 * whose add is all or nothing
	 */
	public DeferredAdds(DeltaStore store, String what, ToIntFunction<CounterKey> partOf) {
		this(store, what, partOf, true);
	}

	/**
	 * @param background {@code false} to start no thread, so that only {@link #sync()} and
	 * {@link #close()} write: lets a test decide what one write sums
	 */
	DeferredAdds(DeltaStore store, String what, ToIntFunction<CounterKey> partOf, boolean background) {
		this.store = store;
		this.what = what;
		this.partOf = partOf;
		this.background = background;
	}

	/**
	 * Queues the deltas of a committed transaction and returns; past {@link #MAX_QUEUED}
	 * queued transactions, or once closed, writes them before returning.
	 * @param deltas the committed deltas
	 */
	public void add(Map<CounterKey, Long> deltas) {
		if (deltas.isEmpty()) {
			return;
		}
		if (this.closed || this.queued.get() >= MAX_QUEUED) {
			CommittedDeltas.handOver(this.store, deltas, logger, this.what);
			return;
		}
		// counted before queued, so that a count of zero means nothing is waiting
		this.queued.incrementAndGet();
		this.queue.add(new HashMap<>(deltas));
		if (this.closed) {
			// close() may have drained the queue just before: nobody else would write these
			writeQueued();
			return;
		}
		Thread thread = writerThread();
		if (this.idle && thread != null) {
			LockSupport.unpark(thread);
		}
	}

	/**
	 * Returns how many transactions' deltas are queued or being written.
	 * @return the number of transactions
	 */
	public int queued() {
		return this.queued.get();
	}

	/**
	 * Writes everything queued before this call, waiting for a write already in flight.
	 */
	public void sync() {
		writeQueued();
	}

	/**
	 * Stops the thread and writes what is still queued.
	 */
	@Override
	public void close() {
		Thread thread;
		synchronized (this.lifecycle) {
			this.closed = true;
			thread = this.writer;
		}
		if (thread != null) {
			LockSupport.unpark(thread);
			try {
				thread.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		writeQueued();
	}

	private Thread writerThread() {
		Thread thread = this.writer;
		if (thread != null) {
			return thread;
		}
		synchronized (this.lifecycle) {
			if (this.writer == null && !this.closed && this.background) {
				Thread started = new Thread(this::run, "buffered-counter-deferred-adds");
				started.setDaemon(true);
				started.start();
				this.writer = started;
			}
			return this.writer;
		}
	}

	private void run() {
		while (!this.closed) {
			try {
				if (!writeQueued()) {
					this.idle = true;
					if (this.queue.isEmpty() && !this.closed) {
						LockSupport.park(this);
					}
					this.idle = false;
					// nobody should interrupt this thread; if someone did, park must not return at once for ever
					Thread.interrupted();
				}
			}
			catch (RuntimeException | Error ex) {
				// writeQueued logs what it loses; the thread must outlive anything unexpected
				logger.error("Unexpected failure adding " + this.what + "; going on", ex);
			}
		}
	}

	/**
	 * Writes what is queued, as one add where it can.
	 * @return whether anything was queued
	 */
	private boolean writeQueued() {
		this.writing.lock();
		try {
			List<Map<CounterKey, Long>> taken = new ArrayList<>();
			Map<CounterKey, Long> next;
			while ((next = this.queue.poll()) != null) {
				taken.add(next);
			}
			if (taken.isEmpty()) {
				return false;
			}
			try {
				write(taken);
			}
			catch (Error error) {
				logger.error("An error stopped the write of " + this.what + " of " + taken.size()
						+ " committed transactions, which may be lost: " + taken, error);
				throw error;
			}
			finally {
				this.queued.addAndGet(-taken.size());
			}
			return true;
		}
		finally {
			this.writing.unlock();
		}
	}

	/** Writes each part of the store on its own, so that one part's refusal costs no other part anything. */
	private void write(List<Map<CounterKey, Long>> taken) {
		Map<Integer, List<Map<CounterKey, Long>>> parts = new TreeMap<>();
		for (Map<CounterKey, Long> transaction : taken) {
			Map<Integer, Map<CounterKey, Long>> byPart = new HashMap<>();
			transaction.forEach((key, delta) -> byPart
				.computeIfAbsent(this.partOf.applyAsInt(key), (part) -> new HashMap<>())
				.put(key, delta));
			byPart.forEach((part, deltas) -> parts.computeIfAbsent(part, (p) -> new ArrayList<>()).add(deltas));
		}
		parts.values().forEach(this::writePart);
	}

	/** Writes the deltas several transactions have in one part, summed where they can be. */
	private void writePart(List<Map<CounterKey, Long>> transactions) {
		Map<CounterKey, Long> merged = new HashMap<>();
		try {
			transactions.forEach((deltas) -> deltas.forEach((key, delta) -> merged.merge(key, delta, Math::addExact)));
		}
		catch (ArithmeticException ex) {
			// summed, they overflow: nothing was written yet, so each goes on its own
			transactions.forEach((deltas) -> CommittedDeltas.handOver(this.store, deltas, logger, this.what));
			return;
		}
		merged.values().removeIf((delta) -> delta == 0);
		if (merged.isEmpty()) {
			return;
		}
		if (transactions.size() == 1) {
			CommittedDeltas.handOver(this.store, merged, logger, this.what);
			return;
		}
		try {
			this.store.add(merged);
		}
		catch (RefusedDeltasException ex) {
			// nothing of the sum was added: each transaction's deltas go on their own
			transactions.forEach((deltas) -> CommittedDeltas.handOver(this.store, deltas, logger, this.what));
		}
		catch (RuntimeException unclear) {
			// the store may have added them: trying again could count them twice
			logger.error("The store failed to take " + this.what + " of " + transactions.size()
					+ " committed transactions, which may be lost: " + merged, unclear);
		}
	}

}
