package io.github.bufferedcounter.chaos.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.github.bufferedcounter.BufferedCounters;
import jakarta.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * A worker's load: threads that make random {@link Operation}s until the worker's quota is used
 * up, each keeping an {@link AckLog}. A {@link Operation.Kind#COMMIT} loads its first row as an
 * entity in the transaction (so the transaction uses a database connection, which the driver
 * may terminate) and increments through the entity, the other increments by id.
 */
final class Load {

	private static final Logger logger = LoggerFactory.getLogger(Load.class);

	/** Failures logged with their stack trace; further ones are only counted. */
	private static final int LOGGED_FAILURES = 10;

	private final BufferedCounters counters;

	private final TransactionTemplate transactions;

	private final EntityManager entityManager;

	private final WorkerSettings settings;

	private final Map<Outcome, AtomicLong> outcomes = new EnumMap<>(Outcome.class);

	private final AtomicLong failuresLogged = new AtomicLong();

	Load(BufferedCounters counters, TransactionTemplate transactions, EntityManager entityManager,
			WorkerSettings settings) {
		this.counters = counters;
		this.transactions = transactions;
		this.entityManager = entityManager;
		this.settings = settings;
		for (Outcome outcome : Outcome.values()) {
			this.outcomes.put(outcome, new AtomicLong());
		}
	}

	/**
	 * Runs the load to the end of the quota.
	 * @return the exit code: 0
	 * @throws Exception if a load thread failed other than through an increment
	 */
	int run() throws Exception {
		Files.createDirectories(this.settings.ackDir());
		Pacer pacer = new Pacer(this.settings.quota(), this.settings.deadline());
		AtomicReference<Throwable> broken = new AtomicReference<>();
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < this.settings.threads(); t++) {
			int index = t;
			Thread thread = new Thread(() -> {
				try {
					loop(index, pacer);
				}
				catch (Throwable ex) {
					broken.compareAndSet(null, ex);
				}
			}, "chaos-load-" + t);
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		if (broken.get() != null) {
			throw new IllegalStateException("A load thread broke", broken.get());
		}
		logger.info("CHAOS-WORKER {} load done: {}", this.settings.name(), this.outcomes);
		return 0;
	}

	private void loop(int thread, Pacer pacer) throws IOException, InterruptedException {
		SplittableRandom random = new SplittableRandom(this.settings.seed() * 31 + thread);
		try (AckLog log = AckLog.open(this.settings.ackDir().resolve("t" + thread + ".log"))) {
			long op = 0;
			while (true) {
				Operation operation = Operation.random(random, this.settings.rows(), this.settings.hitsUnit());
				int granted = pacer.reserve(operation.increments().size());
				if (granted == 0) {
					return;
				}
				operation = operation.limit(granted);
				log.attempt(++op, operation);
				Outcome outcome = execute(operation, entryId(thread, op));
				log.outcome(op, outcome);
				this.outcomes.get(outcome).incrementAndGet();
			}
		}
	}

	/** An id no other operation of the run uses: slot, start, thread and operation number. */
	private long entryId(int thread, long op) {
		return ((this.settings.slot() * 1000L + this.settings.run()) * 100 + thread) * 1_000_000_000L + op;
	}

	private Outcome execute(Operation operation, long entryId) {
		OperationClock.set(RollupHours.instant(operation.hour()));
		try {
			return switch (operation.kind()) {
				case DIRECT -> {
					increment(operation.increments().get(0));
					yield Outcome.ACKNOWLEDGED;
				}
				case COMMIT -> {
					LostDeltaWatch.reset();
					this.transactions.executeWithoutResult((status) -> incrementInTransaction(operation, entryId));
					yield LostDeltaWatch.lost() ? Outcome.REPORTED_LOST : Outcome.ACKNOWLEDGED;
				}
				case ROLLBACK -> {
					this.transactions.executeWithoutResult((status) -> {
						incrementInTransaction(operation, entryId);
						status.setRollbackOnly();
					});
					yield Outcome.ROLLED_BACK;
				}
			};
		}
		catch (RuntimeException ex) {
			if (this.failuresLogged.incrementAndGet() <= LOGGED_FAILURES) {
				logger.warn("CHAOS-WORKER {} {} failed", this.settings.name(), operation, ex);
			}
			return databaseError(ex) ? Outcome.FAILED : Outcome.FAILED_OTHERWISE;
		}
		finally {
			OperationClock.set(null);
		}
	}

	private static boolean databaseError(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException) {
				return true;
			}
		}
		return false;
	}

	private void incrementInTransaction(Operation operation, long entryId) {
		Increment first = operation.increments().get(0);
		ChaosCounter entity = this.entityManager.find(ChaosCounter.class, first.row());
		if (entity == null) {
			throw new IllegalStateException("No chaos_counter row " + first.row());
		}
		this.counters.increment(entity, first.field(), first.delta());
		for (Increment increment : operation.increments().subList(1, operation.increments().size())) {
			if (ChaosCounter.ENTRIES.equals(increment.field())) {
				// counted by the starter's counter cache listeners, not by an increment
				this.entityManager.persist(new ChaosEntry(entryId, entity));
			}
			else {
				increment(increment);
			}
		}
	}

	private void increment(Increment increment) {
		this.counters.increment(ChaosCounter.class, increment.row(), increment.field(), increment.delta());
	}

}
