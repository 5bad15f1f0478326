package io.github.bufferedcounter.benchmarks;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress lines on standard output, stamped with the seconds since the run started.
 */
final class Log {

	private final PrintStream out;

	private final long start = System.nanoTime();

	Log(PrintStream out) {
		this.out = out;
	}

	void info(String message) {
		this.out.printf(Locale.ROOT, "[%6.1f s] %s%n", (System.nanoTime() - this.start) / 1e9, message);
		this.out.flush();
	}

	PrintStream out() {
		return this.out;
	}

}
