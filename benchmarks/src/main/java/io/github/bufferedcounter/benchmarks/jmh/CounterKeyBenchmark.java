package io.github.bufferedcounter.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import io.github.bufferedcounter.store.CounterKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding and decoding a {@link CounterKey}: done on every increment (the Redis hash field) and
 * for every key a flush claims.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CounterKeyBenchmark {

	private final CounterKey key = new CounterKey("BenchCounter", "n", "1234567");

	private final String encoded = this.key.encode();

	@Benchmark
	public String encode() {
		return this.key.encode();
	}

	@Benchmark
	public CounterKey decode() {
		return CounterKey.decode(this.encoded);
	}

}
