package io.github.bufferedcounter.store;

/**
 * A delta parked after it failed too often, kept as the raw strings found in the store so that
 * even a malformed entry can be shown.
 *
 * @param key the counter key, normally {@code entity:field:id}
 * @param delta the parked amount
 * @param attempts how often it failed
 * @param error the last error
 */
public record DeadLetter(String key, String delta, int attempts, String error) {

}
