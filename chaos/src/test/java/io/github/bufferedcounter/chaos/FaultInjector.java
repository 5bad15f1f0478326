package io.github.bufferedcounter.chaos;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Injects one fault at a time, at random intervals: first each {@link Fault} once, in random
 * order (a kill inside a flush that found no flush to kill is tried again), then kinds chosen
 * by weight. Counts what it injected.
 */
final class FaultInjector {

	private static final Duration FLUSH_WATCH = Duration.ofSeconds(5);

	private static final int CLIENT_KILL_ROUNDS = 5;

	private static final long CLIENT_KILL_PAUSE_MILLIS = 300;

	private final Random random;

	private final ChaosSettings settings;

	private final Workforce workforce;

	private final RedisProcess redis;

	private final Postgres postgres;

	private final Progress progress;

	private final List<Fault> firstRound = new ArrayList<>(List.of(Fault.values()));

	private final Map<Fault, Integer> injected = new EnumMap<>(Fault.class);

	private long terminatedSessions;

	private long killedRedisClients;

	private long nextAt;

	FaultInjector(Random random, ChaosSettings settings, Workforce workforce, RedisProcess redis, Postgres postgres,
			Progress progress, Duration firstAfter) {
		this.random = random;
		this.settings = settings;
		this.workforce = workforce;
		this.redis = redis;
		this.postgres = postgres;
		this.progress = progress;
		Collections.shuffle(this.firstRound, random);
		this.nextAt = System.nanoTime() + firstAfter.toNanos();
	}

	/**
	 * Injects a fault if it is time for one.
	 * @throws SQLException if the database cannot be reached to inject a PostgreSQL fault
	 * @throws IOException if Redis cannot be reached to inject a Redis fault
	 */
	void injectIfDue() throws SQLException, IOException {
		if (System.nanoTime() < this.nextAt) {
			return;
		}
		inject(this.firstRound.isEmpty() ? weighted() : this.firstRound.remove(0));
		long min = this.settings.faultGapMin().toNanos();
		long max = this.settings.faultGapMax().toNanos();
		this.nextAt = System.nanoTime() + min + (long) (this.random.nextDouble() * (max - min));
	}

	private Fault weighted() {
		int total = 0;
		for (Fault fault : Fault.values()) {
			total += fault.weight();
		}
		int dice = this.random.nextInt(total);
		for (Fault fault : Fault.values()) {
			dice -= fault.weight();
			if (dice < 0) {
				return fault;
			}
		}
		throw new IllegalStateException("unreachable");
	}

	private void inject(Fault fault) throws SQLException, IOException {
		switch (fault) {
			case WORKER_KILL -> killWorker();
			case FLUSH_KILL -> killFlushingWorker();
			case REDIS_KILL -> restartRedis(true);
			case REDIS_RESTART -> restartRedis(false);
			case REDIS_CLIENT_KILL -> killRedisClients();
			case REDIS_FULL -> restartRedisFull();
			case REDIS_READONLY -> demoteRedisForAMoment();
			case POSTGRES_TERMINATE -> terminateSessions();
		}
	}

	private void killWorker() {
		Optional<Workforce.Slot> slot = this.workforce.randomRunning(this.random);
		if (slot.isEmpty()) {
			this.progress.event("no worker running to kill");
			return;
		}
		WorkerProcess killed = this.workforce.kill(slot.get());
		count(Fault.WORKER_KILL);
		this.progress.event("fault: SIGKILL " + killed);
	}

	private void killFlushingWorker() throws SQLException {
		long start = System.nanoTime();
		Optional<String> session = this.postgres.awaitFlushTransaction(FLUSH_WATCH);
		Optional<Workforce.Slot> slot = session.map((name) -> name.substring("chaos-".length()))
			.flatMap(this.workforce::running);
		if (slot.isEmpty()) {
			this.progress.event("saw no worker inside a flush within " + FLUSH_WATCH.toSeconds()
					+ " s; killing a random one instead, and trying again later");
			this.firstRound.add(Fault.FLUSH_KILL);
			killWorker();
			return;
		}
		WorkerProcess killed = this.workforce.kill(slot.get());
		count(Fault.FLUSH_KILL);
		this.progress.event("fault: SIGKILL " + killed + " inside a flush transaction (seen after "
				+ (System.nanoTime() - start) / 1_000_000 + " ms)");
	}

	private void restartRedis(boolean kill) {
		long start = System.nanoTime();
		if (kill) {
			this.redis.kill();
		}
		else {
			this.redis.stop();
		}
		sleep(this.random.nextInt(1000));
		this.redis.start();
		Fault fault = kill ? Fault.REDIS_KILL : Fault.REDIS_RESTART;
		count(fault);
		this.progress.event("fault: " + fault.label() + ", answering again after "
				+ (System.nanoTime() - start) / 1_000_000 + " ms");
	}

	private void restartRedisFull() throws IOException {
		this.redis.kill();
		sleep(this.random.nextInt(1000));
		this.redis.startFull();
		long refusing = refuseWritesFor();
		this.redis.makeRoom();
		count(Fault.REDIS_FULL);
		this.progress.event("fault: " + Fault.REDIS_FULL.label() + ", taking writes again after " + refusing + " ms");
	}

	private void demoteRedisForAMoment() throws IOException {
		this.redis.demote();
		long refusing = refuseWritesFor();
		this.redis.promote();
		count(Fault.REDIS_READONLY);
		this.progress.event("fault: " + Fault.REDIS_READONLY.label() + ", taking writes again after " + refusing
				+ " ms");
	}

	/** Waits while Redis refuses writes: from a quarter of a second to two seconds. */
	private long refuseWritesFor() {
		long millis = 250 + this.random.nextInt(1750);
		sleep(millis);
		return millis;
	}

	/**
	 * Kills the client connections a few times in a row, each time once the workers had time to
	 * reconnect: a reply is lost only when the kill reaches Redis in the same event loop turn as
	 * a command it executed, so one kill does not always hit one.
	 */
	private void killRedisClients() throws IOException {
		int killed = 0;
		for (int round = 0; round < CLIENT_KILL_ROUNDS; round++) {
			if (round > 0) {
				sleep(CLIENT_KILL_PAUSE_MILLIS);
			}
			killed += this.redis.killClients();
		}
		this.killedRedisClients += killed;
		count(Fault.REDIS_CLIENT_KILL);
		this.progress.event("fault: Redis CLIENT KILL, " + CLIENT_KILL_ROUNDS + " times, of " + killed
				+ " connections");
	}

	private void terminateSessions() throws SQLException {
		int terminated = this.postgres.terminateConnections();
		this.terminatedSessions += terminated;
		count(Fault.POSTGRES_TERMINATE);
		this.progress.event("fault: pg_terminate_backend of " + terminated + " sessions");
	}

	private void count(Fault fault) {
		this.injected.merge(fault, 1, Integer::sum);
	}

	/**
	 * Returns how many faults of each kind were injected.
	 * @return the counts, every kind present
	 */
	Map<Fault, Integer> injected() {
		Map<Fault, Integer> all = new EnumMap<>(Fault.class);
		for (Fault fault : Fault.values()) {
			all.put(fault, this.injected.getOrDefault(fault, 0));
		}
		return all;
	}

	long terminatedSessions() {
		return this.terminatedSessions;
	}

	long killedRedisClients() {
		return this.killedRedisClients;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
