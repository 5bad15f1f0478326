package io.github.bufferedcounter.benchmarks;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Runs the end-to-end benchmark and prints one table; see {@code docs/benchmarks.md}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar [--size=tiny|full]   # default: full
 * java -jar benchmarks/target/benchmarks.jar --only=b,lag        # some figures only
 * java -jar benchmarks/target/benchmarks.jar jmh [JMH options]      # the JMH micro-benchmarks
 * </pre>
 *
 * Exits with 0 when every total checked out, 1 on a correctness failure (such as a database
 * total that does not match the increments made) and 2 on a bad argument. A missed speed target
 * is reported in the table and does not change the exit code.
 */
public final class BenchmarkMain {

	private BenchmarkMain() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && "jmh".equals(args[0])) {
			org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		int code;
		try {
			code = run(args).failures().isEmpty() ? 0 : 1;
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println("usage: java -jar benchmarks/target/benchmarks.jar [--size=tiny|full] [--only=FIGURE,...]"
					+ " | jmh [JMH options]");
			System.err.println("figures: " + String.join(", ", Harness.FIGURES));
			code = 2;
		}
		System.exit(code);
	}

	/**
	 * Runs the benchmark in this JVM and prints its table on standard output.
	 * @param args {@code --size=tiny} or {@code --size=full} (the default), and optionally
	 * {@code --only=} a comma-separated list of {@link Harness#FIGURES}
	 * @return the report; its {@link Report#failures()} are empty on success
	 * @throws IllegalArgumentException on an unknown argument
	 */
	public static Report run(String... args) {
		Size size = Size.FULL;
		Set<String> only = new LinkedHashSet<>(Harness.FIGURES);
		for (String arg : args) {
			if (arg.startsWith("--size=")) {
				size = Size.of(arg.substring("--size=".length()));
			}
			else if (arg.startsWith("--only=")) {
				only = Harness.figures(arg.substring("--only=".length()));
			}
			else {
				throw new IllegalArgumentException("Unknown argument '" + arg + "'");
			}
		}
		Log log = new Log(System.out);
		log.info("Buffered counter benchmark, size " + size.name()
				+ (only.containsAll(Harness.FIGURES) ? "" : ", figures " + String.join(", ", only)));
		Report report = new Harness(size, only, log).run();
		report.print(System.out);
		return report;
	}

}
