package io.github.bufferedcounter.chaos.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a load thread does in one step: one increment outside a transaction, or a few inside a
 * transaction that commits, or a few inside a transaction that rolls back.
 *
 * @param kind how the increments are made
 * @param hour the hour of {@link RollupHours} the increments commit in
 * @param increments the increments, at least one
 */
public record Operation(Kind kind, int hour, List<Increment> increments) {

	/**
	 * Picks an operation: 60% {@link Kind#DIRECT}, 30% {@link Kind#COMMIT} with 1 to 4 increments,
	 * 10% {@link Kind#ROLLBACK} with 1 or 2; each increment on a random row and counter. Half the
	 * transactions also insert a {@link ChaosEntry} of their first row, one more increment.
	 * @param random the source of randomness
	 * @param rows the number of rows, ids 1 to {@code rows}
	 * @param hitsUnit what a {@code hits} increment adds
	 * @return the operation
	 */
	public static Operation random(SplittableRandom random, int rows, long hitsUnit) {
		int dice = random.nextInt(100);
		Kind kind = (dice < 60) ? Kind.DIRECT : (dice < 90) ? Kind.COMMIT : Kind.ROLLBACK;
		int count = switch (kind) {
			case DIRECT -> 1;
			case COMMIT -> 1 + random.nextInt(4);
			case ROLLBACK -> 1 + random.nextInt(2);
		};
		List<Increment> increments = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			long row = 1 + random.nextInt(rows);
			increments.add(random.nextBoolean() ? new Increment(row, ChaosCounter.HITS, hitsUnit)
					: new Increment(row, ChaosCounter.POINTS, 1 + random.nextInt(5)));
		}
		if (kind != Kind.DIRECT && random.nextBoolean()) {
			increments.add(new Increment(increments.get(0).row(), ChaosCounter.ENTRIES, 1));
		}
		return new Operation(kind, random.nextInt(RollupHours.HOURS), List.copyOf(increments));
	}

	/**
	 * Returns this operation with at most {@code max} increments.
	 * @param max the most increments to keep, at least 1
	 * @return this operation, or a shorter copy
	 */
	public Operation limit(int max) {
		return (this.increments.size() <= max) ? this
				: new Operation(this.kind, this.hour, List.copyOf(this.increments.subList(0, max)));
	}

	/**
	 * How the increments of an operation are made, with its letter in the ack log.
	 */
	public enum Kind {

		/** One increment outside any transaction: acknowledged when the call returns. */
		DIRECT('D'),

		/** Increments in a transaction that commits: acknowledged when the commit returns. */
		COMMIT('C'),

		/** Increments in a transaction marked rollback-only: they must never land. */
		ROLLBACK('R');

		private final char letter;

		Kind(char letter) {
			this.letter = letter;
		}

		/**
		 * Returns the letter of this kind in the ack log.
		 * @return {@code D}, {@code C} or {@code R}
		 */
		public char letter() {
			return this.letter;
		}

		/**
		 * Returns the kind of a letter.
		 * @param letter {@code D}, {@code C} or {@code R}
		 * @return the kind
		 * @throws IllegalArgumentException for any other letter
		 */
		public static Kind of(char letter) {
			for (Kind kind : values()) {
				if (kind.letter == letter) {
					return kind;
				}
			}
			throw new IllegalArgumentException("Unknown operation kind " + letter);
		}

	}

}
