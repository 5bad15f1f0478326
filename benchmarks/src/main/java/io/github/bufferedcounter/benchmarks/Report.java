package io.github.bufferedcounter.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a run found: the environment, one table of figures, notes, and the correctness failures
 * that make the run exit non-zero. A missed speed target is shown in the table, never a failure.
 */
public final class Report {

	/**
	 * One line of the table.
	 *
	 * @param figure what is measured
	 * @param ours the library's result
	 * @param peer the same work done without the library, or a dash
	 * @param ratio ours over peer, or a dash
	 * @param target the target, and whether it was met
	 */
	public record Row(String figure, String ours, String peer, String ratio, String target) {
	}

	private final List<String> environment = new ArrayList<>();

	private final List<Row> rows = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	private final List<String> failures = new ArrayList<>();

	void environment(String line) {
		this.environment.add(line);
	}

	void row(String figure, String ours, String peer, String ratio, String target) {
		this.rows.add(new Row(figure, ours, peer, ratio, target));
	}

	void note(String note) {
		this.notes.add(note);
	}

	void fail(String failure) {
		this.failures.add(failure);
	}

	/**
	 * Returns the table rows.
	 * @return the rows, in order
	 */
	public List<Row> rows() {
		return List.copyOf(this.rows);
	}

	/**
	 * Returns the correctness failures, such as wrong totals.
	 * @return the failures, empty on success
	 */
	public List<String> failures() {
		return List.copyOf(this.failures);
	}

	void print(PrintStream out) {
		out.println();
		this.environment.forEach((line) -> out.println("- " + line));
		out.println();
		out.println("| figure | ours | peer | ratio | target |");
		out.println("|---|---|---|---|---|");
		for (Row row : this.rows) {
			out.println("| " + row.figure() + " | " + row.ours() + " | " + row.peer() + " | " + row.ratio() + " | "
					+ row.target() + " |");
		}
		if (!this.notes.isEmpty()) {
			out.println();
			this.notes.forEach((note) -> out.println("- " + note));
		}
		out.println();
		if (this.failures.isEmpty()) {
			out.println("Correctness: all totals checked, no failure.");
		}
		else {
			out.println("CORRECTNESS FAILURES (" + this.failures.size() + "):");
			this.failures.forEach((failure) -> out.println("- " + failure));
		}
		out.flush();
	}

	static String count(long value) {
		return String.format(Locale.ROOT, "%,d", value);
	}

	static String perSecond(double value) {
		return String.format(Locale.ROOT, "%,.0f /s", value);
	}

	static String ratio(double value) {
		return (value >= 10) ? String.format(Locale.ROOT, "%,.0fx", value)
				: String.format(Locale.ROOT, "%.1fx", value);
	}

	static String duration(java.time.Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
	}

	static String verdict(String target, boolean met) {
		return target + (met ? " (met)" : " (missed)");
	}

}
