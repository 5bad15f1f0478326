package io.github.bufferedcounter.chaos;

/**
 * The kinds of fault a run injects, with their weight in the random choice once each kind has
 * been injected once.
 */
enum Fault {

	/** SIGKILL of a random worker at a random moment; a new worker replaces it. */
	WORKER_KILL("worker SIGKILL, random moment", 25),

	/**
	 * SIGKILL of a worker whose session the driver saw inside a flush transaction (a batch id
	 * looked up or recorded, or counters being updated, not yet committed); by the time the
	 * signal lands the transaction may also have committed, before the acknowledge.
	 */
	FLUSH_KILL("worker SIGKILL inside a flush", 20),

	/** SIGKILL of Redis, then a restart on the same port from its AOF. */
	REDIS_KILL("Redis SIGKILL + restart from AOF", 20),

	/** SIGTERM of Redis (it fsyncs and exits), then a restart. */
	REDIS_RESTART("Redis SIGTERM + restart", 10),

	/**
	 * {@code CLIENT KILL} of every client connection, five times 300 ms apart: like a network
	 * failure between the workers and Redis, replies to commands Redis has executed may never
	 * arrive.
	 */
	REDIS_CLIENT_KILL("Redis CLIENT KILL x5, all connections", 15),

	/**
	 * SIGKILL of Redis, then a restart that comes back at {@code maxmemory} under
	 * {@code noeviction}: it answers, but refuses every write with {@code OOM} for up to two
	 * seconds, also the resend of what the workers kept while it was down.
	 */
	REDIS_FULL("Redis SIGKILL + restart at maxmemory (noeviction)", 10),

	/**
	 * Redis made a replica of an unreachable master for up to two seconds ({@code REPLICAOF}),
	 * so it refuses every write with {@code READONLY}, then promoted again
	 * ({@code REPLICAOF NO ONE}), keeping its data.
	 */
	REDIS_READONLY("Redis read-only replica for a moment", 10),

	/** {@code pg_terminate_backend} of every session of the workers. */
	POSTGRES_TERMINATE("PostgreSQL pg_terminate_backend, all sessions", 25);

	private final String label;

	private final int weight;

	Fault(String label, int weight) {
		this.label = label;
		this.weight = weight;
	}

	String label() {
		return this.label;
	}

	int weight() {
		return this.weight;
	}

}
