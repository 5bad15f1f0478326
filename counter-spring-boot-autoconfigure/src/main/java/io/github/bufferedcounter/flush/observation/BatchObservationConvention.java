package io.github.bufferedcounter.flush.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names a batch's observation and its key values. Define a bean of this type to replace
 * {@link DefaultBatchObservationConvention}, or extend that class to add key values.
 */
public interface BatchObservationConvention extends ObservationConvention<BatchContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof BatchContext;
	}

}
