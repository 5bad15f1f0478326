package io.github.bufferedcounter.flush.folded;

import io.github.bufferedcounter.BufferedCounter;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Entities with a string id on a column that the database compares more loosely than Java
 * does, so that two differently written ids name one row.
 */
public final class FoldedIdEntities {

	private FoldedIdEntities() {
	}

	/** {@code char(n)} ignores trailing spaces on PostgreSQL and MariaDB: {@code 'ab'} is {@code 'ab  '}. */
	@Entity(name = "PaddedItem")
	@Table(name = "padded_item")
	public static class PaddedItem {

		@Id
		@Column(columnDefinition = "char(4)")
		public String id;

		@BufferedCounter
		public long views;

	}

	/** PostgreSQL's {@code citext} ignores case: {@code 'AB'} is {@code 'ab'}. */
	@Entity(name = "CitextItem")
	@Table(name = "citext_item")
	public static class CitextItem {

		@Id
		@Column(columnDefinition = "citext")
		public String id;

		@BufferedCounter
		public long views;

	}

	/** MariaDB's default {@code utf8mb4} collation ignores case: {@code 'AB'} is {@code 'ab'}. */
	@Entity(name = "CaseInsensitiveItem")
	@Table(name = "case_insensitive_item")
	public static class CaseInsensitiveItem {

		@Id
		@Column(columnDefinition = "varchar(20) collate utf8mb4_general_ci")
		public String id;

		@BufferedCounter
		public long views;

	}

}
