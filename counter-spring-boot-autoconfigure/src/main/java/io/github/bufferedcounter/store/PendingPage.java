package io.github.bufferedcounter.store;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of buffered deltas.
 *
 * @param deltas at most the requested number of deltas
 * @param nextCursor the cursor of the next page, or {@code null} after the last page
 */
public record PendingPage(List<PendingDelta> deltas, @Nullable String nextCursor) {

	public PendingPage {
		deltas = List.copyOf(deltas);
	}

}
