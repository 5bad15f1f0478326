package io.github.bufferedcounter.store;

import java.util.List;

/**
 * One page of buffered deltas.
 *
 * @param deltas at most the requested number of deltas
 * @param nextCursor the cursor of the next page, or {@code null} after the last page
 */
public record PendingPage(List<PendingDelta> deltas, String nextCursor) {

	public PendingPage {
		deltas = List.copyOf(deltas);
	}

}
