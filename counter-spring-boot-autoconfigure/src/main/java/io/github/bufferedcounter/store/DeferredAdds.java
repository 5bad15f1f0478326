package io.github.bufferedcounter.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

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
	 */
	public DeferredAdds(DeltaStore store, String what) {
		this(store, what, true);
	}

	/**
	 * @param background {@code false} to start no thread, so that only {@link #sync()} and
	 * {@link #close()} write: lets a test decide what one write sums
	 */
	DeferredAdds(DeltaStore store, String what, boolean background) {
		this.store = store;
		this.what = what;
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
		this.queue.add(new HashMap<>(deltas));
		this.queued.incrementAndGet();
		Thread thread = writerThread();
		if (this.idle && thread != null) {
			LockSupport.unpark(thread);
		}
	}

	/**
	 * Writes everything queued before this call, waiting for a write already in flight.
	 */
	public void sync() {
		writeQueued();
	}

	/**
	 * Returns whether nothing is queued or being written.
	 * @return {@code true} if a pending read would miss nothing queued here
	 */
	public boolean isEmpty() {
		return this.queued.get() == 0 && !this.writing.isLocked();
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
			this.queued.addAndGet(-taken.size());
			write(taken);
			return true;
		}
		finally {
			this.writing.unlock();
		}
	}

	private void write(List<Map<CounterKey, Long>> taken) {
		Map<CounterKey, Long> merged = new HashMap<>();
		try {
			taken.forEach((deltas) -> deltas.forEach((key, delta) -> merged.merge(key, delta, Math::addExact)));
		}
		catch (ArithmeticException ex) {
			// summed, they overflow: nothing was written yet, so each goes on its own
			taken.forEach((deltas) -> CommittedDeltas.handOver(this.store, deltas, logger, this.what));
			return;
		}
		merged.values().removeIf((delta) -> delta == 0);
		if (merged.isEmpty()) {
			return;
		}
		if (taken.size() == 1) {
			CommittedDeltas.handOver(this.store, merged, logger, this.what);
			return;
		}
		try {
			this.store.add(merged);
		}
		catch (RefusedDeltasException ex) {
			// nothing of the sum was added: each transaction's deltas go on their own
			taken.forEach((deltas) -> CommittedDeltas.handOver(this.store, deltas, logger, this.what));
		}
		catch (RuntimeException unclear) {
			// the store may have added them: trying again could count them twice
			logger.error("The store failed to take " + this.what + " of " + taken.size()
					+ " committed transactions, which may be lost: " + merged, unclear);
		}
	}

}
