package io.github.bufferedcounter.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The worker slots of a run. Each slot owns a share of the increments and keeps one worker JVM
 * running until its share is attempted: a worker that was killed, or that died on its own (say,
 * its boot met a terminated connection), is replaced by a new one that takes on what is left,
 * counted from the ack logs of the slot's earlier workers.
 */
final class Workforce implements AutoCloseable {

	/** Workers of one slot that may die on their own before the run gives up. */
	private static final int MAX_UNEXPECTED_EXITS = 5;

	private final WorkerLauncher launcher;

	private final ChaosSettings settings;

	private final Path directory;

	private final long deadline;

	private final Progress progress;

	private final List<Slot> slots = new ArrayList<>();

	private int unexpectedExits;

	private final Set<String> stopped = new TreeSet<>();

	private final SlotDigits digits;

	/**
	 * Creates the slots.
	 * @param launcher starts workers
	 * @param settings the run's settings
	 * @param directory where the slots keep their ack logs
	 * @param deadline when the load should end, epoch milliseconds
	 * @param progress where to print events
	 */
	Workforce(WorkerLauncher launcher, ChaosSettings settings, Path directory, long deadline, Progress progress) {
		this.launcher = launcher;
		this.settings = settings;
		this.directory = directory;
		this.deadline = deadline;
		this.progress = progress;
		this.digits = settings.slotDigits();
		long share = settings.increments() / settings.workers();
		for (int index = 1; index <= settings.workers(); index++) {
			long quota = (index == 1) ? settings.increments() - share * (settings.workers() - 1) : share;
			this.slots.add(new Slot(index, quota));
		}
	}

	/** Starts a worker in every slot. */
	void start() {
		this.slots.forEach(this::launch);
	}

	/**
	 * Replaces workers that exited before their slot's share was attempted.
	 * @return whether every slot is done
	 * @throws IllegalStateException if the workers of a slot keep dying on their own
	 */
	boolean supervise() {
		boolean done = true;
		for (Slot slot : this.slots) {
			if (slot.done) {
				continue;
			}
			if (slot.worker.isAlive()) {
				done = false;
				continue;
			}
			int exit = slot.worker.exitValue();
			long left = slot.quota - attempted(slot);
			if (exit == 0 && left <= 0) {
				slot.done = true;
				this.progress.event(slot.worker + " finished its share; slot " + slot.index + " done");
				continue;
			}
			this.unexpectedExits++;
			slot.unexpectedExits++;
			this.stopped.add(slot.worker.name());
			this.progress.event(slot.worker + " exited with " + exit + " and " + left + " increments to go; last lines:"
					+ System.lineSeparator() + slot.worker.tail(15));
			if (slot.unexpectedExits > MAX_UNEXPECTED_EXITS) {
				throw new IllegalStateException("The workers of slot " + slot.index + " died " + slot.unexpectedExits
						+ " times on their own; see " + slot.worker.log());
			}
			done = false;
			launch(slot);
		}
		return done;
	}

	/**
	 * Picks a slot whose worker is running.
	 * @param random the source of randomness
	 * @return the slot, or empty if no worker runs
	 */
	Optional<Slot> randomRunning(Random random) {
		List<Slot> running = this.slots.stream().filter((slot) -> !slot.done && slot.worker.isAlive()).toList();
		return running.isEmpty() ? Optional.empty() : Optional.of(running.get(random.nextInt(running.size())));
	}

	/**
	 * Finds the running worker of a name.
	 * @param name the worker's name, such as {@code worker-1.3}
	 * @return its slot, if that worker is still the slot's and runs
	 */
	Optional<Slot> running(String name) {
		return this.slots.stream()
			.filter((slot) -> !slot.done && slot.worker.isAlive() && slot.worker.name().equals(name))
			.findFirst();
	}

	/**
	 * Kills a slot's worker with SIGKILL and starts its successor, unless the killed one had
	 * attempted the slot's whole share.
	 * @param slot the slot
	 * @return the killed worker
	 */
	WorkerProcess kill(Slot slot) {
		WorkerProcess killed = slot.worker;
		killed.kill();
		this.stopped.add(killed.name());
		if (attempted(slot) >= slot.quota) {
			slot.done = true;
		}
		else {
			launch(slot);
		}
		return killed;
	}

	/**
	 * Returns the workers that were SIGKILLed or died on their own: the only ones whose ack logs
	 * may end with an operation in flight.
	 * @return their names
	 */
	Set<String> stopped() {
		return this.stopped;
	}

	int unexpectedExits() {
		return this.unexpectedExits;
	}

	int launches() {
		return this.slots.stream().mapToInt((slot) -> slot.runs).sum();
	}

	private void launch(Slot slot) {
		slot.runs++;
		String name = "worker-" + slot.index + "." + slot.runs;
		long quota = slot.quota - attempted(slot);
		slot.worker = this.launcher.launch(name,
				Map.of("mode", "load", "quota", quota, "deadline", this.deadline, "threads", this.settings.threads(),
						"ack-dir", slotDirectory(slot).resolve("run-" + slot.runs),
						"seed", this.settings.seed() * 1000 + slot.index * 100 + slot.runs, "slot", slot.index, "run",
						slot.runs, "hits-unit", this.digits.unit(slot.index)));
	}

	private long attempted(Slot slot) {
		try {
			return Ledger.attempted(slotDirectory(slot));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Path slotDirectory(Slot slot) {
		return this.directory.resolve("slot-" + slot.index);
	}

	/** Kills every worker still running. */
	@Override
	public void close() {
		for (Slot slot : this.slots) {
			if (slot.worker != null && slot.worker.isAlive()) {
				slot.worker.kill();
			}
		}
	}

	/**
	 * A share of the increments and the worker currently making them.
	 */
	static final class Slot {

		final int index;

		final long quota;

		WorkerProcess worker;

		int runs;

		int unexpectedExits;

		boolean done;

		Slot(int index, long quota) {
			this.index = index;
			this.quota = quota;
		}

	}

}
