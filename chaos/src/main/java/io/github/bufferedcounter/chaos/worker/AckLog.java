package io.github.bufferedcounter.chaos.worker;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The append-only record one load thread keeps of its operations, read by the driver after the
 * run. Before an operation starts, its attempt is written: {@code a <op> <kind> @<hour> <increment>... .}
 * (for example {@code a 17 C @5 h12+1 p3+4 e12+1 .}); when it ends, its outcome: {@code <outcome> <op> .}
 * (for example {@code k 17 .}). The final {@code .} tells a complete line from a torn one. Each
 * line is handed to the operating system before the operation goes on, so a SIGKILL loses no
 * line that was written; no {@code fsync}, as the machine does not crash. An attempt without an
 * outcome was in flight when the worker died. A torn last line is ignored: a torn attempt never
 * started, and a torn outcome leaves the operation in flight, which only widens what the check
 * accepts.
 */
public final class AckLog implements Closeable {

	private final BufferedWriter writer;

	private AckLog(BufferedWriter writer) {
		this.writer = writer;
	}

	/**
	 * Opens a log for appending, creating it if needed.
	 * @param file the file
	 * @return the log
	 * @throws IOException if the file cannot be opened
	 */
	public static AckLog open(Path file) throws IOException {
		return new AckLog(Files.newBufferedWriter(file, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND));
	}

	/**
	 * Records that an operation starts.
	 * @param op the operation's number, unique in this file
	 * @param operation the operation
	 * @throws IOException if the line cannot be written
	 */
	public void attempt(long op, Operation operation) throws IOException {
		StringBuilder line = new StringBuilder(64).append("a ").append(op).append(' ')
			.append(operation.kind().letter())
			.append(" @")
			.append(operation.hour());
		for (Increment increment : operation.increments()) {
			line.append(' ').append(increment.encode());
		}
		write(line.append(" .\n").toString());
	}

	/**
	 * Records how an operation ended.
	 * @param op the operation's number
	 * @param outcome the outcome
	 * @throws IOException if the line cannot be written
	 */
	public void outcome(long op, Outcome outcome) throws IOException {
		write(outcome.letter() + " " + op + " .\n");
	}

	private void write(String line) throws IOException {
		// one short line, flushed at once: one write(2), which a SIGKILL cannot tear
		this.writer.write(line);
		this.writer.flush();
	}

	@Override
	public void close() throws IOException {
		this.writer.close();
	}

	/**
	 * Reads a log.
	 * @param file the file
	 * @param visitor told about every attempt and outcome, in file order
	 * @return the lines that could not be read: at most a torn last line in a sound log
	 * @throws IOException if the file cannot be read
	 */
	public static Unreadable read(Path file, Visitor visitor) throws IOException {
		int unreadable = 0;
		boolean lastUnreadable = false;
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
			String line;
			while ((line = reader.readLine()) != null) {
				try {
					readLine(line, visitor);
					lastUnreadable = false;
				}
				catch (RuntimeException ex) {
					unreadable++;
					lastUnreadable = true;
				}
			}
		}
		return new Unreadable(unreadable, lastUnreadable);
	}

	private static void readLine(String line, Visitor visitor) {
		if (!line.endsWith(" .")) {
			throw new IllegalArgumentException("Torn line: " + line);
		}
		String[] parts = line.substring(0, line.length() - 2).split(" ");
		if (parts[0].equals("a")) {
			if (parts.length < 5 || parts[2].length() != 1 || !parts[3].startsWith("@")) {
				throw new IllegalArgumentException("Not an attempt: " + line);
			}
			List<Increment> increments = new ArrayList<>(parts.length - 4);
			for (int i = 4; i < parts.length; i++) {
				increments.add(Increment.decode(parts[i]));
			}
			visitor.attempt(Long.parseLong(parts[1]), new Operation(Operation.Kind.of(parts[2].charAt(0)),
					Integer.parseInt(parts[3].substring(1)), List.copyOf(increments)));
		}
		else {
			if (parts.length != 2 || parts[0].length() != 1) {
				throw new IllegalArgumentException("Not an outcome: " + line);
			}
			visitor.outcome(Long.parseLong(parts[1]), Outcome.of(parts[0].charAt(0)));
		}
	}

	/**
	 * The lines of a log that could not be read.
	 *
	 * @param lines how many
	 * @param last whether the last line of the file is one of them
	 */
	public record Unreadable(int lines, boolean last) {

		/**
		 * Returns whether the only unreadable line, if any, is the last one: what a SIGKILL
		 * during a write could leave.
		 * @return {@code true} for a sound log
		 */
		public boolean onlyATornLastLine() {
			return this.lines == 0 || (this.lines == 1 && this.last);
		}

	}

	/**
	 * Receives the lines of a log.
	 */
	public interface Visitor {

		/**
		 * An operation started.
		 * @param op its number
		 * @param operation the operation
		 */
		void attempt(long op, Operation operation);

		/**
		 * An operation ended.
		 * @param op its number
		 * @param outcome how
		 */
		void outcome(long op, Outcome outcome);

	}

}
