package io.github.bufferedcounter.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Counts telling lines in the workers' logs: how the flushers met the faults.
 */
final class WorkerLogs {

	/** The label of PostgreSQL's deadlock reports. */
	static final String DEADLOCKS = "flush transactions that PostgreSQL ended as deadlocked";

	/** The label of the starter's reports of deltas of a committed transaction lost or maybe lost. */
	static final String REPORTED_LOST = "committed transactions whose deltas the starter reported lost";

	/** What to count: a label and a fragment of a log line (compared in lower case). */
	static final Map<String, String> PATTERNS = patterns();

	private final Map<String, Long> counts;

	private WorkerLogs(Map<String, Long> counts) {
		this.counts = counts;
	}

	private static Map<String, String> patterns() {
		Map<String, String> patterns = new LinkedHashMap<>();
		patterns.put("batches found already applied, acknowledged again", "was already applied; acknowledged it");
		patterns.put("batches left claimed after a database failure, retried", "not applied; retrying in");
		patterns.put("scheduled flushes that failed (Redis or database away)", "buffered counter flush failed");
		// the flusher's retry line, once per deadlock:
		// "... not applied; retrying in ... ms: Database failed: SQLSTATE 40P01: ERROR: deadlock detected"
		patterns.put(DEADLOCKS, "sqlstate 40p01");
		// "Lost <what> of a committed transaction, the store refused ..." and "The store failed to
		// take <what> of a committed transaction, which may be lost", of increments and counter caches
		patterns.put(REPORTED_LOST, "of a committed transaction");
		patterns.put("transactions failed at a COMMIT of unknown outcome, deltas not added",
				"it is unknown whether the database committed it");
		patterns.put("deltas parked as dead letters", "as dead letters");
		return patterns;
	}

	/**
	 * Reads every {@code *.log} in a directory.
	 * @param directory the workers' log directory
	 * @return the counts
	 * @throws IOException if a log cannot be read
	 */
	static WorkerLogs scan(Path directory) throws IOException {
		Map<String, Long> counts = new LinkedHashMap<>();
		PATTERNS.keySet().forEach((label) -> counts.put(label, 0L));
		List<Path> files;
		try (Stream<Path> list = Files.list(directory)) {
			files = list.filter((file) -> file.toString().endsWith(".log")).sorted().toList();
		}
		for (Path file : files) {
			try (Stream<String> lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
				lines.map((line) -> line.toLowerCase(Locale.ROOT))
					.forEach((line) -> PATTERNS.forEach((label, fragment) -> {
						if (line.contains(fragment)) {
							counts.merge(label, 1L, Long::sum);
						}
					}));
			}
		}
		return new WorkerLogs(counts);
	}

	/**
	 * Returns the count of every pattern, in the order of {@link #PATTERNS}.
	 * @return the counts by label
	 */
	Map<String, Long> counts() {
		return this.counts;
	}

	long count(String label) {
		return this.counts.getOrDefault(label, 0L);
	}

}
