package io.github.bufferedcounter.benchmarks;

import java.util.List;
import java.util.regex.Pattern;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;

/**
 * What the actuator starter switches on: health, metrics, observations (Lettuce's included),
 * endpoints, and the library's own metrics, health and endpoint. The module has the actuator
 * starter for the {@code observed} configuration; every other configuration excludes these
 * auto-configurations, so it runs as it did before the starter was added.
 */
final class Observability {

	private static final Pattern OBSERVING = Pattern.compile(
			".*\\.(actuate|health|metrics|micrometer|observation|tracing)\\..*"
					+ "|io\\.github\\.bufferedcounter\\.autoconfigure\\.BufferedCounter(Endpoint|Health|Metrics)AutoConfiguration");

	private Observability() {
	}

	/** The auto-configurations on the class path that observe the application, comma-separated. */
	static String autoConfigurations() {
		List<String> observing = ImportCandidates.load(AutoConfiguration.class, Observability.class.getClassLoader())
			.getCandidates()
			.stream()
			.filter((name) -> OBSERVING.matcher(name).matches())
			.toList();
		return String.join(",", observing);
	}

}
