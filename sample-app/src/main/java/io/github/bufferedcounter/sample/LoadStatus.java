package io.github.bufferedcounter.sample;

/**
 * The state of a load demo run, as {@code GET /demo/load} and the dashboard show it.
 *
 * @param run the run number since startup
 * @param phase {@code running} (sending increments), {@code draining} (waiting until the
 * database has them all), {@code done}, {@code failed} or {@code cancelled}
 * @param increments increments to send
 * @param sent increments sent so far
 * @param threads threads sending them
 * @param posts posts they go to
 * @param elapsedSeconds time since the run started
 * @param incrementsPerSecond the send rate so far
 * @param summary the result once {@code done}
 * @param error what went wrong if {@code failed}
 */
public record LoadStatus(int run, String phase, long increments, long sent, int threads, int posts,
		double elapsedSeconds, long incrementsPerSecond, LoadSummary summary, String error) {

}
