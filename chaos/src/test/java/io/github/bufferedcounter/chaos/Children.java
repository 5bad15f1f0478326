package io.github.bufferedcounter.chaos;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every process the run started (workers and Redis), killed with SIGKILL by a JVM shutdown hook
 * if the run did not stop them itself, so that no child outlives the test JVM. The workers also
 * halt themselves once the test JVM is gone.
 */
final class Children {

	private static final Set<Process> processes = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(Children::killAll, "chaos-children"));
	}

	private Children() {
	}

	/**
	 * Remembers a started process.
	 * @param process the process
	 * @return the process
	 */
	static Process track(Process process) {
		processes.add(process);
		processes.removeIf((known) -> !known.isAlive());
		return process;
	}

	/** Kills every remembered process that is still alive. */
	static void killAll() {
		for (Process process : processes) {
			if (process.isAlive()) {
				process.destroyForcibly();
			}
		}
	}

}
