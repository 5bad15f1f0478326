package io.github.bufferedcounter.flush.observation;

import io.micrometer.common.KeyValues;
import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of flushes, their names and key values. The names differ from the
 * {@code buffered.counter.flush} timer of {@code BufferedCountersMetrics}, which has other tags:
 * a meter handler turns each observation into a timer of its own name.
 */
public enum FlushObservationDocumentation implements ObservationDocumentation {

	/** One flush pass: every shard claimed, applied and acknowledged until empty. */
	FLUSH {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultFlushObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return CommonKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return FlushKeyNames.values();
		}
	},

	/** One claimed batch, applied in one database transaction and acknowledged. */
	BATCH {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultBatchObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return CommonKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return BatchKeyNames.values();
		}
	};

	/** The low-cardinality key values both observations have by default. */
	static KeyValues commonKeyValues(FlushStepContext context) {
		return KeyValues.of(CommonKeyNames.STORE.withValue(context.getStore()),
				CommonKeyNames.OUTCOME.withValue(context.getOutcome().value()));
	}

	/** Low-cardinality key values of both observations. */
	public enum CommonKeyNames implements KeyName {

		/** The kind of delta store: {@code redis}, {@code memory}, or a store class name. */
		STORE {
			@Override
			public String asString() {
				return "buffered.counter.store";
			}
		},

		/** {@code success}, {@code retry} or {@code failure} ({@link FlushOutcome}). */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		}

	}

	/** High-cardinality key values of a flush pass, once it ended with a result. */
	public enum FlushKeyNames implements KeyName {

		/** Batches acknowledged. */
		BATCHES {
			@Override
			public String asString() {
				return "buffered.counter.batches";
			}
		},

		/** Rows updated. */
		ROWS {
			@Override
			public String asString() {
				return "buffered.counter.rows";
			}
		}

	}

	/** High-cardinality key values of a batch. */
	public enum BatchKeyNames implements KeyName {

		/** The batch id, as recorded in {@code buffered_counter_batch}. */
		BATCH_ID {
			@Override
			public String asString() {
				return "buffered.counter.batch.id";
			}
		},

		/** The shard the batch was claimed from. */
		SHARD {
			@Override
			public String asString() {
				return "buffered.counter.batch.shard";
			}
		},

		/** Which claim of the batch this is, from 1. */
		ATTEMPT {
			@Override
			public String asString() {
				return "buffered.counter.batch.attempt";
			}
		},

		/** The deltas in the batch. */
		KEYS {
			@Override
			public String asString() {
				return "buffered.counter.batch.keys";
			}
		}

	}

}
