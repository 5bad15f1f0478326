package io.github.bufferedcounter.flush.observation;

import java.util.function.Consumer;

import io.github.bufferedcounter.FlushResult;
import io.github.bufferedcounter.flush.FlushObserver;
import io.github.bufferedcounter.store.ClaimedBatch;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Observes each flush pass and, as its children, the batches it applies, through an
 * {@link ObservationRegistry}. Each observation is in scope on the thread that runs it, so
 * that what the batch's transaction observes (JDBC, Redis) nests below it.
 */
public class FlushObservations implements FlushObserver {

	private static final DefaultFlushObservationConvention DEFAULT_FLUSH = new DefaultFlushObservationConvention();

	private static final DefaultBatchObservationConvention DEFAULT_BATCH = new DefaultBatchObservationConvention();

	private final ObservationRegistry registry;

	private final String store;

	private final @Nullable FlushObservationConvention flushConvention;

	private final @Nullable BatchObservationConvention batchConvention;

	/**
	 * Creates the observer with the default conventions.
	 * @param registry where observations go
	 * @param store the kind of delta store flushed, such as {@code redis} or {@code memory}
	 */
	public FlushObservations(ObservationRegistry registry, String store) {
		this(registry, store, null, null);
	}

	/**
	 * Creates the observer.
	 * @param registry where observations go
	 * @param store the kind of delta store flushed, such as {@code redis} or {@code memory}
	 * @param flushConvention replaces the default convention of flush passes, or {@code null}
	 * @param batchConvention replaces the default convention of batches, or {@code null}
	 */
	public FlushObservations(ObservationRegistry registry, String store,
			@Nullable FlushObservationConvention flushConvention, @Nullable BatchObservationConvention batchConvention) {
		this.registry = registry;
		this.store = store;
		this.flushConvention = flushConvention;
		this.batchConvention = batchConvention;
	}

	@Override
	public Watch flushStarted() {
		FlushContext context = new FlushContext(this.store);
		Observation observation = FlushObservationDocumentation.FLUSH.observation(this.flushConvention, DEFAULT_FLUSH,
				() -> context, this.registry);
		return new ScopedWatch(observation.start(), context::setResult);
	}

	@Override
	public Watch batchStarted(Watch flush, ClaimedBatch batch) {
		BatchContext context = new BatchContext(this.store, batch);
		Observation observation = FlushObservationDocumentation.BATCH.observation(this.batchConvention, DEFAULT_BATCH,
				() -> context, this.registry);
		if (flush instanceof ScopedWatch parent) {
			observation.parentObservation(parent.observation);
		}
		return new ScopedWatch(observation.start(), context::setResult);
	}

	/** A started observation in scope on the thread that started it, until it stops. */
	private static final class ScopedWatch implements Watch {

		private final Observation observation;

		private final Observation.Scope scope;

		private final Consumer<FlushResult> result;

		ScopedWatch(Observation observation, Consumer<FlushResult> result) {
			this.observation = observation;
			this.scope = observation.openScope();
			this.result = result;
		}

		@Override
		public void ended(FlushResult result) {
			this.result.accept(result);
		}

		@Override
		public void failed(Throwable failure) {
			this.observation.error(failure);
		}

		@Override
		public void stop() {
			this.scope.close();
			this.observation.stop();
		}

	}

}
