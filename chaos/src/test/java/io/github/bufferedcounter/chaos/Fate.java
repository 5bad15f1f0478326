package io.github.bufferedcounter.chaos;

/**
 * What became of an increment according to the ack logs, and what that allows the database to
 * hold.
 */
enum Fate {

	/** The call, or the commit, returned normally. */
	ACKNOWLEDGED("acknowledged", Landing.MUST),

	/** Made in a transaction marked rollback-only. */
	ROLLED_BACK("rolled back on purpose", Landing.MUST_NOT),

	/**
	 * Made in a transaction whose execution threw with a database error among the causes (a
	 * terminated session), also at its commit: the starter hands a transaction's increments to
	 * the store only once Spring saw it commit, and that hand-off never throws.
	 */
	TRANSACTION_FAILED("transaction failed on a database error, never handed over", Landing.MUST_NOT),

	/**
	 * A call outside a transaction that threw, or a transaction that threw without a database
	 * error: Redis may have executed it. No fault of the run explains it.
	 */
	CALL_FAILED("threw, no fault explains it", Landing.MAY),

	/** Attempted, but its worker was killed before the outcome was written. */
	IN_FLIGHT("in flight at a SIGKILL", Landing.MAY),

	/**
	 * Committed, but the starter logged at ERROR that Redis refused the transaction's deltas (the
	 * documented limit of the after-commit hand-off); the refused add may still have executed.
	 */
	REPORTED_LOST("committed, reported lost by the starter", Landing.MAY);

	private final String label;

	private final Landing landing;

	Fate(String label, Landing landing) {
		this.label = label;
		this.landing = landing;
	}

	/** The row label in the report, with what the fate allows. */
	String label() {
		return this.label + ": " + this.landing.text;
	}

	Landing landing() {
		return this.landing;
	}

	/**
	 * Whether increments of a fate are in the database at the end.
	 */
	enum Landing {

		/** Must be counted once. */
		MUST("must land"),

		/** Must not be counted. */
		MUST_NOT("must not land"),

		/** May be counted once, or not at all. */
		MAY("may land");

		private final String text;

		Landing(String text) {
			this.text = text;
		}

	}

}
