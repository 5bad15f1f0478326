package io.github.bufferedcounter.store;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;

/**
 * Hands the deltas of a committed transaction to a store. Nobody can be told about a failure
 * any more, so if the store refuses the deltas as a whole ({@link RefusedDeltasException}: a
 * sum that would overflow, a full spill buffer; nothing was added), each key is tried on its
 * own and only the ones refused again are lost, each logged at ERROR with the reason. Any other
 * failure may come after the store added them, so they are not tried again but logged.
 */
public final class CommittedDeltas {

	private CommittedDeltas() {
	}

	/**
	 * Adds the deltas, key by key if they cannot be added together.
	 * @param store the store
	 * @param deltas the committed deltas
	 * @param logger where losses are logged
	 * @param what what the deltas are, for the log, e.g. "counter cache deltas"
	 * @return the deltas that were lost
	 */
	public static Map<CounterKey, Long> handOver(DeltaStore store, Map<CounterKey, Long> deltas, Log logger,
			String what) {
		try {
			store.add(deltas);
			return Map.of();
		}
		catch (RefusedDeltasException together) {
			if (deltas.size() == 1) {
				logger.error("Lost " + what + " of a committed transaction, the store refused them: " + deltas,
						together);
				return deltas;
			}
		}
		catch (RuntimeException unclear) {
			// the store may have added them: trying again could count them twice
			logger.error("The store failed to take " + what + " of a committed transaction, which may be lost: "
					+ deltas, unclear);
			return deltas;
		}
		Map<CounterKey, Long> lost = new LinkedHashMap<>();
		deltas.forEach((key, delta) -> {
			try {
				store.add(Map.of(key, delta));
			}
			catch (RuntimeException alone) {
				lost.put(key, delta);
				logger.error("Lost " + what + " of a committed transaction, the store refused " + key + " = " + delta
						+ ": " + alone.getMessage(), alone);
			}
		});
		return lost;
	}

}
