package io.github.bufferedcounter.flush;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.RejectedDelta;

/**
 * Writes rejected deltas into the applied-batch row and reads them back, one
 * {@code key TAB delta TAB error} line each. Keys hold no control characters, and errors
 * have theirs replaced and are cut to {@link #MAX_ERROR} characters.
 */
final class RejectedDeltas {

	/** Longest error kept per delta, so that a batch's rejections fit the applied-batch row. */
	static final int MAX_ERROR = 500;

	private RejectedDeltas() {
	}

	static String encode(List<RejectedDelta> rejected) {
		return rejected.stream()
			.map((delta) -> delta.key().encode() + "\t" + delta.delta() + "\t" + clean(delta.error()))
			.collect(Collectors.joining("\n"));
	}

	static List<RejectedDelta> decode(String encoded) {
		List<RejectedDelta> rejected = new ArrayList<>();
		for (String line : encoded.split("\n")) {
			String[] parts = line.split("\t", 3);
			if (parts.length == 3) {
				rejected.add(new RejectedDelta(CounterKey.decode(parts[0]), Long.parseLong(parts[1]), parts[2]));
			}
		}
		return rejected;
	}

	static String clean(String error) {
		String text = (error != null) ? error : "unknown error";
		text = text.replaceAll("\\p{Cntrl}", " ");
		return (text.length() <= MAX_ERROR) ? text : text.substring(0, MAX_ERROR - 1) + "…";
	}

}
