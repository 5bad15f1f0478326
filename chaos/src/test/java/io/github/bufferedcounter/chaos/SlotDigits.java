package io.github.bufferedcounter.chaos;

import java.util.HashMap;
import java.util.Map;

import io.github.bufferedcounter.chaos.worker.ChaosCounter;

/**
 * Each worker slot's share of a {@code hits} counter. Slot {@code k} adds
 * {@code base^(k-1)} per increment, so the counter's value in base {@code base} holds one
 * digit per slot: with three slots and base 10^6, {@code 2_000417_000803} is 803 increments of
 * slot 1, 417 of slot 2 and 2 of slot 3. A batch lost from one slot's increments and a batch
 * duplicated from another's no longer cancel out in the sum: each slot is checked on its own.
 */
final class SlotDigits {

	private final int slots;

	private final long base;

	/**
	 * Picks the largest power of ten whose {@code slots}-th power fits a {@code bigint}.
	 * @param slots the worker slots
	 * @param increments increments of the whole run: a slot's sum on one counter must stay below the base
	 */
	SlotDigits(int slots, long increments) {
		this.slots = slots;
		long base = 1;
		for (int digits = 0; digits < 18 / slots; digits++) {
			base *= 10;
		}
		this.base = base;
		if (slots > 1 && increments / slots >= base) {
			throw new IllegalArgumentException("With " + slots + " worker slots a slot's increments of one counter "
					+ "must stay below " + base + "; make fewer than " + base * slots + " increments");
		}
	}

	/**
	 * Returns what a {@code hits} increment of a slot adds.
	 * @param slot the slot, from 1
	 * @return {@code base^(slot-1)}
	 */
	long unit(int slot) {
		long unit = 1;
		for (int i = 1; i < slot; i++) {
			unit *= this.base;
		}
		return unit;
	}

	/**
	 * Splits each {@code hits} counter into one counter per slot; other counters stay as they are.
	 * @param database the counters as read, slot 0
	 * @return the counters with {@code hits} per slot, in increments
	 */
	Map<Ledger.Counter, Long> split(Map<Ledger.Counter, Long> database) {
		Map<Ledger.Counter, Long> split = new HashMap<>();
		database.forEach((counter, value) -> {
			if (!ChaosCounter.HITS.equals(counter.field())) {
				split.put(counter, value);
				return;
			}
			long rest = value;
			for (int slot = 1; slot <= this.slots; slot++) {
				long digit = (slot < this.slots) ? rest % this.base : rest;
				split.put(new Ledger.Counter(counter.row(), counter.field(), slot), digit);
				rest /= this.base;
			}
		});
		return split;
	}

}
