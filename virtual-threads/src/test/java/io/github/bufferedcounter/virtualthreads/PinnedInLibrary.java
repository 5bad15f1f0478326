package io.github.bufferedcounter.virtualthreads;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingStream;

/**
 * Records, with JFR, every time a virtual thread was pinned to its carrier while it blocked
 * ({@code jdk.VirtualThreadPinned}, however short) because of the library. On Java 21 to 23
 * that is any pin with a library frame on the stack: a monitor the library holds across a
 * blocking call pins there, whatever code below blocks. From Java 24 on (JEP 491; the event
 * then has a {@code pinnedReason}) only a native frame or a class initializer pins, so a pin
 * is the library's when the innermost frame outside the JDK is the library's: a Lettuce or
 * Spring frame there (an exception created by many threads at once while Redis is away, say)
 * pins whoever called it. Loading a class pins on every version (the class loader's lock is
 * taken in native code), once per class, whoever triggers it; those events are left out.
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
		if (frames.stream().anyMatch(PinnedInLibrary::loadsAClass)) {
			return;
		}
		if (event.hasField("pinnedReason") ? innermostOutsideTheJdkInLibrary(frames)
				: frames.stream().anyMatch((frame) -> LibraryFrames.inLibrary(frame.getMethod().getType().getName()))) {
			StringBuilder stack = new StringBuilder("pinned").append(field(event, "pinnedReason"))
				.append(field(event, "blockingOperation"));
			frames.forEach((frame) -> stack.append("\n\tat ")
				.append(frame.getMethod().getType().getName())
				.append('.')
				.append(frame.getMethod().getName()));
			this.found.add(stack.toString());
		}
	}

	private static boolean innermostOutsideTheJdkInLibrary(List<RecordedFrame> frames) {
		return frames.stream()
			.map((frame) -> frame.getMethod().getType().getName())
			.filter((type) -> !type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun."))
			.findFirst()
			.filter(LibraryFrames::inLibrary)
			.isPresent();
	}

	/** A field that Java 24 added to the event, when there. */
	private static String field(RecordedEvent event, String name) {
		return event.hasField(name) ? "; " + name + ": " + event.getString(name) : "";
	}

	private static boolean loadsAClass(RecordedFrame frame) {
		return "java.lang.ClassLoader".equals(frame.getMethod().getType().getName())
				&& "loadClass".equals(frame.getMethod().getName());
	}

	@Override
	public void close() {
		this.stream.close();
	}

}
