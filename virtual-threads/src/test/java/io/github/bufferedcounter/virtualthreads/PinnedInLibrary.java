package io.github.bufferedcounter.virtualthreads;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingStream;

/**
 * Records, with JFR, every time a virtual thread was pinned to its carrier while it blocked
 * ({@code jdk.VirtualThreadPinned}, however short) with a frame of the library on its stack.
 * On Java 21 to 23 that includes blocking while holding a monitor; from Java 24 on (JEP 491)
 * only native frames and class initializers still pin.
 */
final class PinnedInLibrary implements AutoCloseable {

	private final RecordingStream stream = new RecordingStream();

	private final List<String> found = new CopyOnWriteArrayList<>();

	private PinnedInLibrary() {
		this.stream.enable("jdk.VirtualThreadPinned").withStackTrace().withThreshold(Duration.ZERO);
		this.stream.onEvent("jdk.VirtualThreadPinned", this::keepIfInLibrary);
	}

	static PinnedInLibrary start() {
		PinnedInLibrary events = new PinnedInLibrary();
		events.stream.startAsync();
		return events;
	}

	/**
	 * Stops recording, once every event recorded so far was looked at.
	 * @return the pinned stacks with a frame of the library
	 */
	List<String> stop() {
		this.stream.stop();
		return List.copyOf(this.found);
	}

	private void keepIfInLibrary(RecordedEvent event) {
		if (event.getStackTrace() == null) {
			return;
		}
		List<RecordedFrame> frames = event.getStackTrace().getFrames();
		if (frames.stream().anyMatch((frame) -> LibraryFrames.inLibrary(frame.getMethod().getType().getName()))) {
			StringBuilder stack = new StringBuilder("pinned");
			frames.forEach((frame) -> stack.append("\n\tat ")
				.append(frame.getMethod().getType().getName())
				.append('.')
				.append(frame.getMethod().getName()));
			this.found.add(stack.toString());
		}
	}

	@Override
	public void close() {
		this.stream.close();
	}

}
