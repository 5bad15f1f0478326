package io.github.bufferedcounter.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Several ways of doing the same work, measured in turns: each way runs once per round, the
 * rounds follow each other, and a way's rate is taken over all its turns. A slow moment of a
 * shared machine then falls on every way alike instead of on whichever ran during it, and the
 * spread of the per-round ratios shows how much such moments moved the figure.
 */
final class Turns {

	private final Map<String, List<Load.Result>> measured = new LinkedHashMap<>();

	private final Map<String, Long> warmUps = new LinkedHashMap<>();

	/**
	 * Runs each way once to warm up, then {@code rounds} rounds of every way in order, each
	 * turn after an unmeasured start, logging every turn's rate and each way's total.
	 * @param ways the operations by name, in the order they take turns
	 * @param kind the kind of threads
	 * @param threads how many threads run each turn
	 * @param warmup the first, unmeasured run of each way
	 * @param turnWarmup the unmeasured start of each turn
	 * @param turn the measured time of each turn
	 */
	static Turns take(Map<String, Load.Op> ways, Workers kind, int threads, int rounds, Duration warmup,
			Duration turnWarmup, Duration turn, Log log) throws InterruptedException {
		Turns turns = new Turns();
		for (int round = 0; round <= rounds; round++) {
			for (Map.Entry<String, Load.Op> way : ways.entrySet()) {
				Load.Result result = Load.closedLoop(way.getKey(), kind, threads, (round == 0) ? warmup : turnWarmup,
						(round == 0) ? Duration.ZERO : turn, way.getValue());
				if (round == 0) {
					turns.warmUp(way.getKey(), result);
				}
				else {
					turns.measured(way.getKey(), result);
					log.info(String.format(Locale.ROOT, "  %s, round %d: %,.0f increments/s", way.getKey(), round,
							result.rate()));
				}
			}
		}
		for (String way : ways.keySet()) {
			log.info(String.format(Locale.ROOT, "  %s: %,.0f increments/s (%,d measured, %,d in all)", way,
					turns.total(way).rate(), turns.total(way).measured(), turns.total(way).total()));
		}
		return turns;
	}

	/** Records a turn that only warmed up: its calls count in {@link #total}, not in the rate. */
	void warmUp(String way, Load.Result turn) {
		this.warmUps.merge(way, turn.total(), Long::sum);
	}

	void measured(String way, Load.Result turn) {
		this.measured.computeIfAbsent(way, (key) -> new ArrayList<>()).add(turn);
	}

	/** Every measured turn of a way as one load, with every call made, warm-ups included. */
	Load.Result total(String way) {
		Load.Result sum = new Load.Result(0, this.warmUps.getOrDefault(way, 0L), 0);
		for (Load.Result turn : this.measured.getOrDefault(way, List.of())) {
			sum = new Load.Result(sum.measured() + turn.measured(), sum.total() + turn.total(),
					sum.seconds() + turn.seconds());
		}
		return sum;
	}

	/** What a call of {@code way} costs against one of {@code peer}: the peer's rate over its rate. */
	double cost(String way, String peer) {
		return total(peer).rate() / total(way).rate();
	}

	/** The lowest and the highest cost of {@code way} against {@code peer} within one round. */
	double[] costRange(String way, String peer) {
		List<Load.Result> ours = this.measured.getOrDefault(way, List.of());
		List<Load.Result> theirs = this.measured.getOrDefault(peer, List.of());
		double low = Double.POSITIVE_INFINITY;
		double high = Double.NEGATIVE_INFINITY;
		for (int round = 0; round < Math.min(ours.size(), theirs.size()); round++) {
			double cost = theirs.get(round).rate() / ours.get(round).rate();
			low = Math.min(low, cost);
			high = Math.max(high, cost);
		}
		return new double[] { low, high };
	}

}
