package io.github.bufferedcounter.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.bufferedcounter.chaos.worker.AckLog;
import io.github.bufferedcounter.chaos.worker.Increment;
import io.github.bufferedcounter.chaos.worker.Operation;
import io.github.bufferedcounter.chaos.worker.Outcome;

/**
 * What the workers' ack logs say, per counter and in all: the increments that must have landed,
 * must not have landed, or may have (see {@link Fate}). A counter is right when
 * {@code acknowledged <= database <= acknowledged + uncertain}.
 */
final class Ledger {

	private final Map<Counter, Bounds> counters = new HashMap<>();

	/** Increment counts by what became of them. */
	private final Map<Fate, Long> increments = new EnumMap<>(Fate.class);

	/** Sums of the deltas by what became of them. */
	private final Map<Fate, Long> deltas = new EnumMap<>(Fate.class);

	private long attempted;

	private long attemptedDeltas;

	private int unreadableLines;

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

	private void add(Path file) throws IOException {
		Map<Long, Operation> attempts = new HashMap<>();
		Map<Long, Outcome> outcomes = new HashMap<>();
		this.unreadableLines += AckLog.read(file, new AckLog.Visitor() {

			@Override
			public void attempt(long op, Operation operation) {
				attempts.put(op, operation);
			}

			@Override
			public void outcome(long op, Outcome outcome) {
				outcomes.put(op, outcome);
			}

		});
		attempts.forEach((op, operation) -> add(operation, outcomes.get(op)));
	}

	private void add(Operation operation, Outcome outcome) {
		Fate fate = fate(operation.kind(), outcome);
		this.attempted += operation.increments().size();
		this.increments.merge(fate, (long) operation.increments().size(), Long::sum);
		for (Increment increment : operation.increments()) {
			this.attemptedDeltas += increment.delta();
			this.deltas.merge(fate, increment.delta(), Long::sum);
			Bounds bounds = this.counters.computeIfAbsent(new Counter(increment.row(), increment.field()),
					(counter) -> new Bounds());
			switch (fate.landing()) {
				case MUST -> bounds.acknowledged += increment.delta();
				case MUST_NOT -> bounds.excluded += increment.delta();
				case MAY -> bounds.uncertain += increment.delta();
			}
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
	 * Returns the sum of the deltas of every increment attempted.
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
	 * Returns the sum of the deltas of the increments that had a given fate.
	 * @param fate the fate
	 * @return the sum
	 */
	long deltas(Fate fate) {
		return this.deltas.getOrDefault(fate, 0L);
	}

	/**
	 * Returns the bounds of a counter.
	 * @param counter the counter
	 * @return its bounds, all zero if no increment touched it
	 */
	Bounds bounds(Counter counter) {
		return this.counters.getOrDefault(counter, new Bounds());
	}

	int unreadableLines() {
		return this.unreadableLines;
	}

	/**
	 * One counter: a row's field.
	 *
	 * @param row the row id
	 * @param field {@code hits} or {@code points}
	 */
	record Counter(long row, String field) {

		@Override
		public String toString() {
			return "ChaosCounter:" + this.field + ":" + this.row;
		}

	}

	/**
	 * The sums of the deltas of one counter by whether they must, may or must not land.
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

}
