package io.github.bufferedcounter.flush.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names a flush pass's observation and its key values. Define a bean of this type to replace
 * {@link DefaultFlushObservationConvention}, or extend that class to add key values.
 */
public interface FlushObservationConvention extends ObservationConvention<FlushContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof FlushContext;
	}

}
