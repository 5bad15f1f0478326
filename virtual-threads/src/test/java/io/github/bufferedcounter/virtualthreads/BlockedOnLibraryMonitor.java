package io.github.bufferedcounter.virtualthreads;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Looks at the virtual threads of a run, over and over, for one that waits to enter a monitor
 * of the library: {@link Thread.State#BLOCKED} with a library method on top of its stack, the
 * method that holds or takes the monitor. On Java 21 to 23 such a thread pins its carrier while
 * it waits, and with all carriers pinned so the holder cannot run again after its I/O. From
 * Java 24 on it unmounts and JFR reports nothing, hence this look at the threads themselves.
 */
final class BlockedOnLibraryMonitor implements AutoCloseable {

	private final List<Thread> threads;

	private final Set<String> found = ConcurrentHashMap.newKeySet();

	private final Thread sampler;

	private volatile boolean stopped;

	private BlockedOnLibraryMonitor(List<Thread> threads) {
		this.threads = threads;
		this.sampler = new Thread(this::sampleUntilStopped, "blocked-on-library-monitor");
		this.sampler.setDaemon(true);
	}

	static BlockedOnLibraryMonitor watch(List<Thread> threads) {
		BlockedOnLibraryMonitor watch = new BlockedOnLibraryMonitor(threads);
		watch.sampler.start();
		return watch;
	}

	/**
	 * Stops looking.
	 * @return the stacks of the threads found waiting for a library monitor, each once
	 */
	Set<String> stop() throws InterruptedException {
		this.stopped = true;
		this.sampler.join();
		return Set.copyOf(this.found);
	}

	private void sampleUntilStopped() {
		while (!this.stopped) {
			for (Thread thread : this.threads) {
				if (thread.getState() == Thread.State.BLOCKED) {
					keepIfInLibrary(thread.getStackTrace());
				}
			}
			try {
				Thread.sleep(1);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private void keepIfInLibrary(StackTraceElement[] stack) {
		if (stack.length > 0 && LibraryFrames.inLibrary(stack[0].getClassName())) {
			this.found.add("blocked on a monitor\n\tat " + Arrays.stream(stack)
				.map(StackTraceElement::toString)
				.collect(Collectors.joining("\n\tat ")));
		}
	}

	@Override
	public void close() throws InterruptedException {
		stop();
	}

}
