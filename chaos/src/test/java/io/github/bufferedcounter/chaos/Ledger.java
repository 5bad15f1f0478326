package io.github.bufferedcounter.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.github.bufferedcounter.RollupPeriod;
import io.github.bufferedcounter.chaos.worker.AckLog;
import io.github.bufferedcounter.chaos.worker.ChaosCounter;
import io.github.bufferedcounter.chaos.worker.Increment;
import io.github.bufferedcounter.chaos.worker.Operation;
import io.github.bufferedcounter.chaos.worker.Outcome;
import io.github.bufferedcounter.chaos.worker.RollupHours;

/**
 * What the workers' ack logs say: the increments that must have landed, must not have landed,
 * or may have (see {@link Fate}), per counter, per worker slot of a {@code hits} counter, and per
 * rollup bucket of a {@code points} counter; and per worker, what its logs left unfinished. A
 * counter or bucket is right when {@code acknowledged <= database <= acknowledged + uncertain}.
 * The logs live in {@code slot-<n>/run-<m>/t<k>.log}, written by worker {@code worker-<n>.<m>}.
 */
final class Ledger {

	private static final List<RollupPeriod> PERIODS = List.of(RollupPeriod.HOUR, RollupPeriod.DAY);

	private final Map<Counter, Bounds> counters = new HashMap<>();

	private final Map<Bucket, Bounds> buckets = new HashMap<>();

	/** Increment counts by what became of them. */
	private final Map<Fate, Long> increments = new EnumMap<>(Fate.class);

	/** Sums of the deltas by what became of them, in counter units. */
	private final Map<Fate, Long> deltas = new EnumMap<>(Fate.class);

	/** {@code entries} increments (inserted {@code chaos_entry} rows) by what became of them. */
	private final Map<Fate, Long> entries = new EnumMap<>(Fate.class);

	/** Operations by what became of them. */
	private final Map<Fate, Long> operations = new EnumMap<>(Fate.class);

	/** What each worker's logs left unfinished, by worker name. */
	private final Map<String, Unfinished> workers = new TreeMap<>();

	private long attempted;

	private long attemptedDeltas;

	private Ledger() {
	}

	/**
	 * Reads every ack log under a directory.
	 * @param directory the directory, searched recursively for {@code *.log}
	 * @return the ledger
	 * @throws IOException if a log cannot be read
	 */
	static Ledger read(Path directory) throws IOException {
		Ledger ledger = new Ledger();
		for (Path file : logs(directory)) {
			ledger.add(file);
		}
		return ledger;
	}

	/**
	 * Counts the increments attempted according to the ack logs under a directory.
	 * @param directory the directory
	 * @return the number of increments with an attempt line
	 * @throws IOException if a log cannot be read
	 */
	static long attempted(Path directory) throws IOException {
		long[] attempted = { 0 };
		for (Path file : logs(directory)) {
			AckLog.read(file, new AckLog.Visitor() {

				@Override
				public void attempt(long op, Operation operation) {
					attempted[0] += operation.increments().size();
				}

				@Override
				public void outcome(long op, Outcome outcome) {
				}

			});
		}
		return attempted[0];
	}

	private static List<Path> logs(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(directory)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".log")).sorted().toList();
		}
	}

	/** The worker that wrote a log: {@code slot-<n>/run-<m>/t<k>.log} is {@code worker-<n>.<m>}. */
	static String worker(Path file) {
		String run = file.getParent().getFileName().toString();
		String slot = file.getParent().getParent().getFileName().toString();
		if (!run.startsWith("run-") || !slot.startsWith("slot-")) {
			throw new IllegalArgumentException("Not an ack log of a slot's run: " + file);
		}
		return "worker-" + slot.substring("slot-".length()) + "." + run.substring("run-".length());
	}

	private static int slot(String worker) {
		return Integer.parseInt(worker.substring("worker-".length(), worker.indexOf('.')));
	}

	private void add(Path file) throws IOException {
		String worker = worker(file);
		int slot = slot(worker);
		Map<Long, Operation> attempts = new HashMap<>();
		Map<Long, Outcome> outcomes = new HashMap<>();
		AckLog.Unreadable unreadable = AckLog.read(file, new AckLog.Visitor() {

			@Override
			public void attempt(long op, Operation operation) {
				attempts.put(op, operation);
			}

			@Override
			public void outcome(long op, Outcome outcome) {
				outcomes.put(op, outcome);
			}

		});
		Unfinished unfinished = this.workers.computeIfAbsent(worker, (name) -> new Unfinished());
		unfinished.logs++;
		unfinished.unreadableLines += unreadable.lines();
		if (!unreadable.onlyATornLastLine()) {
			unfinished.unsoundLogs++;
		}
		long inFlight = attempts.keySet().stream().filter((op) -> !outcomes.containsKey(op)).count();
		unfinished.inFlight += inFlight;
		unfinished.mostInFlightInOneLog = Math.max(unfinished.mostInFlightInOneLog, inFlight);
		attempts.forEach((op, operation) -> add(slot, operation, outcomes.get(op)));
	}

	private void add(int slot, Operation operation, Outcome outcome) {
		Fate fate = fate(operation.kind(), outcome);
		this.attempted += operation.increments().size();
		this.increments.merge(fate, (long) operation.increments().size(), Long::sum);
		this.operations.merge(fate, 1L, Long::sum);
		for (Increment increment : operation.increments()) {
			boolean hits = ChaosCounter.HITS.equals(increment.field());
			// a hits increment adds its slot's unit: one in counter units
			long units = hits ? 1 : increment.delta();
			this.attemptedDeltas += units;
			this.deltas.merge(fate, units, Long::sum);
			add(this.counters, new Counter(increment.row(), increment.field(), hits ? slot : 0), fate, units);
			if (ChaosCounter.ENTRIES.equals(increment.field())) {
				this.entries.merge(fate, 1L, Long::sum);
			}
			if (ChaosCounter.POINTS.equals(increment.field())) {
				for (RollupPeriod period : PERIODS) {
					add(this.buckets, new Bucket(increment.row(), period, RollupHours.bucket(operation.hour(), period)),
							fate, units);
				}
			}
		}
	}

	private static <K> void add(Map<K, Bounds> all, K key, Fate fate, long units) {
		Bounds bounds = all.computeIfAbsent(key, (counter) -> new Bounds());
		switch (fate.landing()) {
			case MUST -> bounds.acknowledged += units;
			case MUST_NOT -> bounds.excluded += units;
			case MAY -> bounds.uncertain += units;
		}
	}

	private static Fate fate(Operation.Kind kind, Outcome outcome) {
		if (kind == Operation.Kind.ROLLBACK) {
			return Fate.ROLLED_BACK;
		}
		if (outcome == null) {
			return Fate.IN_FLIGHT;
		}
		return switch (outcome) {
			case ACKNOWLEDGED -> Fate.ACKNOWLEDGED;
			case FAILED -> (kind == Operation.Kind.COMMIT) ? Fate.TRANSACTION_FAILED : Fate.CALL_FAILED;
			case FAILED_OTHERWISE -> Fate.CALL_FAILED;
			case REPORTED_LOST -> Fate.REPORTED_LOST;
			case ROLLED_BACK -> throw new IllegalStateException("A " + kind + " operation rolled back");
		};
	}

	/**
	 * Returns how many increments were attempted.
	 * @return the count
	 */
	long attempted() {
		return this.attempted;
	}

	/**
	 * Returns the sum of the deltas of every increment attempted, in counter units.
	 * @return the sum
	 */
	long attemptedDeltas() {
		return this.attemptedDeltas;
	}

	/**
	 * Returns how many increments had a given fate.
	 * @param fate the fate
	 * @return the count
	 */
	long increments(Fate fate) {
		return this.increments.getOrDefault(fate, 0L);
	}

	/**
	 * Returns the sum of the deltas of the increments that had a given fate, in counter units.
	 * @param fate the fate
	 * @return the sum
	 */
	long deltas(Fate fate) {
		return this.deltas.getOrDefault(fate, 0L);
	}

	/**
	 * Returns how many {@code chaos_entry} inserts had a given fate.
	 * @param fate the fate
	 * @return the count
	 */
	long entries(Fate fate) {
		return this.entries.getOrDefault(fate, 0L);
	}

	/**
	 * Returns how many operations had a given fate.
	 * @param fate the fate
	 * @return the count
	 */
	long operations(Fate fate) {
		return this.operations.getOrDefault(fate, 0L);
	}

	/**
	 * Returns the bounds of every counter an increment touched; a {@code hits} counter once per
	 * worker slot.
	 * @return the bounds by counter
	 */
	Map<Counter, Bounds> counters() {
		return this.counters;
	}

	/**
	 * Returns the bounds of a counter.
	 * @param counter the counter
	 * @return its bounds, all zero if no increment touched it
	 */
	Bounds bounds(Counter counter) {
		return this.counters.getOrDefault(counter, new Bounds());
	}

	/**
	 * Returns the bounds of every rollup bucket of {@code points} an increment fell in.
	 * @return the bounds by bucket
	 */
	Map<Bucket, Bounds> buckets() {
		return this.buckets;
	}

	/**
	 * Returns what each worker's logs left unfinished.
	 * @return by worker name
	 */
	Map<String, Unfinished> workers() {
		return this.workers;
	}

	int unreadableLines() {
		return this.workers.values().stream().mapToInt((worker) -> worker.unreadableLines).sum();
	}

	long inFlightOperations() {
		return this.workers.values().stream().mapToLong((worker) -> worker.inFlight).sum();
	}

	/**
	 * One counter: a row's field; a {@code hits} counter is kept per worker slot, as each slot's
	 * increments are a digit of its value of their own.
	 *
	 * @param row the row id
	 * @param field {@code hits}, {@code points} or {@code entries}
	 * @param slot the worker slot for {@code hits}, otherwise 0
	 */
	record Counter(long row, String field, int slot) implements Comparable<Counter> {

		@Override
		public int compareTo(Counter other) {
			int byField = this.field.compareTo(other.field);
			int byRow = Long.compare(this.row, other.row);
			return (byField != 0) ? byField : (byRow != 0) ? byRow : Integer.compare(this.slot, other.slot);
		}

		@Override
		public String toString() {
			return "ChaosCounter:" + this.field + ":" + this.row + ((this.slot > 0) ? " of slot " + this.slot : "");
		}

	}

	/**
	 * One rollup bucket of a row's {@code points}.
	 *
	 * @param row the row id
	 * @param period the period
	 * @param start the bucket's local start
	 */
	record Bucket(long row, RollupPeriod period, LocalDateTime start) implements Comparable<Bucket> {

		@Override
		public int compareTo(Bucket other) {
			int byPeriod = this.period.compareTo(other.period);
			int byRow = Long.compare(this.row, other.row);
			return (byPeriod != 0) ? byPeriod : (byRow != 0) ? byRow : this.start.compareTo(other.start);
		}

		@Override
		public String toString() {
			return "points:" + this.row + " " + this.period + " " + this.start;
		}

	}

	/**
	 * The sums of the deltas of one counter or bucket by whether they must, may or must not land.
	 */
	static final class Bounds {

		long acknowledged;

		long uncertain;

		long excluded;

		@Override
		public String toString() {
			return "acknowledged " + this.acknowledged + ", uncertain " + this.uncertain + ", must not land "
					+ this.excluded;
		}

	}

	/**
	 * What one worker's ack logs left unfinished.
	 */
	static final class Unfinished {

		/** Its logs, one per load thread. */
		int logs;

		/** Operations with an attempt but no outcome. */
		long inFlight;

		/** The most operations in flight in one log: a thread makes one at a time. */
		long mostInFlightInOneLog;

		/** Lines that could not be read. */
		int unreadableLines;

		/** Logs with an unreadable line other than a torn last one. */
		int unsoundLogs;

	}

}
