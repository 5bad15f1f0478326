package io.github.bufferedcounter.chaos.worker;

import java.nio.file.Path;

import org.springframework.core.env.Environment;

/**
 * What the driver tells a worker, as {@code chaos.*} properties on its command line.
 *
 * @param mode {@code load} (increment a quota, flushing all along) or {@code drain} (flush until
 * Redis holds nothing)
 * @param name the worker's name in logs, such as {@code worker-1.3} (slot 1, third start)
 * @param quota increments to make ({@code load})
 * @param deadline when the load should end, epoch milliseconds ({@code load})
 * @param threads load threads
 * @param rows rows of {@code chaos_counter}, ids 1 to {@code rows}
 * @param ackDir where the load threads keep their ack logs
 * @param seed seed of the load threads' randomness
 * @param drainTimeoutMillis how long a drain may take
 * @param slot the worker's slot, from 1 ({@code load})
 * @param run which start of its slot this worker is, from 1 ({@code load})
 * @param hitsUnit what a {@code hits} increment adds: the slot's digit in the counter's value
 */
record WorkerSettings(String mode, String name, long quota, long deadline, int threads, int rows, Path ackDir,
		long seed, long drainTimeoutMillis, int slot, int run, long hitsUnit) {

	static WorkerSettings from(Environment environment) {
		return new WorkerSettings(environment.getRequiredProperty("chaos.mode"),
				environment.getRequiredProperty("chaos.name"), environment.getProperty("chaos.quota", Long.class, 0L),
				environment.getProperty("chaos.deadline", Long.class, 0L),
				environment.getProperty("chaos.threads", Integer.class, 4),
				environment.getRequiredProperty("chaos.rows", Integer.class),
				Path.of(environment.getProperty("chaos.ack-dir", ".")),
				environment.getProperty("chaos.seed", Long.class, 0L),
				environment.getProperty("chaos.drain-timeout-millis", Long.class, 60_000L),
				environment.getProperty("chaos.slot", Integer.class, 0), environment.getProperty("chaos.run", Integer.class, 0),
				environment.getProperty("chaos.hits-unit", Long.class, 1L));
	}

}
