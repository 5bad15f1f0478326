package io.github.bufferedcounter.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the text of an {@code onlyIf} into its attribute, operator and values, without looking at
 * the mapping; {@link ConditionResolver} checks the result against the counted entity. The forms
 * are few on purpose, each one a condition the listeners can evaluate on a row state and the
 * recount can bind in HQL: {@code approved}, {@code !approved}, {@code status = A},
 * {@code status != A}, {@code status in (A, B)}, {@code status not in (A, B)},
 * {@code deletedAt is null}, {@code deletedAt is not null}. Keywords are case-insensitive.
 */
final class ConditionParser {

	/** The forms {@code onlyIf} accepts, for messages. */
	static final String FORMS = "\"approved\" or \"!approved\" (a boolean attribute), \"status = PUBLISHED\", "
			+ "\"status != DRAFT\", \"status in (PUBLISHED, FEATURED)\" or \"status not in (DRAFT)\" (an enum attribute), "
			+ "\"deletedAt is null\" or \"deletedAt is not null\" (any attribute that can be null)";

	/** What a condition asks of its attribute. */
	enum Operator {

		/** The boolean attribute is {@code true}. */
		IS_TRUE,

		/** The boolean attribute is {@code false}. */
		IS_FALSE,

		/** The attribute is one of the values. */
		IN,

		/** The attribute is none of the values, and not {@code null}. */
		NOT_IN,

		/** The attribute is {@code null}. */
		IS_NULL,

		/** The attribute is not {@code null}. */
		IS_NOT_NULL

	}

	/**
	 * An {@code onlyIf} as written.
	 *
	 * @param attribute the attribute it reads
	 * @param operator what it asks of the attribute
	 * @param values the constant names for {@code IN} and {@code NOT_IN}, else empty
	 */
	record Parsed(String attribute, Operator operator, List<String> values) {

		Parsed {
			values = List.copyOf(values);
		}

	}

	private final List<String> tokens;

	private int next;

	private ConditionParser(String text) {
		this.tokens = tokens(text);
	}

	/**
	 * Parses the text of an {@code onlyIf}.
	 * @param text the condition as written
	 * @return what it says
	 * @throws IllegalArgumentException saying what is wrong (it "is not a condition: expected ..."),
	 * if it is none of the forms
	 */
	static Parsed parse(String text) {
		return new ConditionParser(text).condition();
	}

	private Parsed condition() {
		if (accept("!")) {
			return end(new Parsed(identifier("an attribute name after !"), Operator.IS_FALSE, List.of()));
		}
		String attribute = identifier("an attribute name");
		if (this.next == this.tokens.size()) {
			return new Parsed(attribute, Operator.IS_TRUE, List.of());
		}
		if (acceptKeyword("is")) {
			boolean not = acceptKeyword("not");
			expectKeyword("null");
			return end(new Parsed(attribute, not ? Operator.IS_NOT_NULL : Operator.IS_NULL, List.of()));
		}
		if (accept("=")) {
			return end(new Parsed(attribute, Operator.IN, List.of(identifier("a constant after ="))));
		}
		if (accept("!=")) {
			return end(new Parsed(attribute, Operator.NOT_IN, List.of(identifier("a constant after !="))));
		}
		boolean not = acceptKeyword("not");
		if (!acceptKeyword("in")) {
			throw unexpected(not ? "\"in\"" : "\"is\", \"=\", \"!=\", \"in\", \"not in\" or the end");
		}
		return end(new Parsed(attribute, not ? Operator.NOT_IN : Operator.IN, constants()));
	}

	private List<String> constants() {
		expect("(");
		List<String> constants = new ArrayList<>();
		do {
			constants.add(identifier("a constant in the list"));
		}
		while (accept(","));
		expect(")");
		return constants;
	}

	private Parsed end(Parsed parsed) {
		if (this.next < this.tokens.size()) {
			throw unexpected("the end of the condition");
		}
		return parsed;
	}

	private String identifier(String what) {
		String token = peek();
		if (token == null || !Character.isJavaIdentifierStart(token.charAt(0)) || isKeyword(token)) {
			throw unexpected(what);
		}
		this.next++;
		return token;
	}

	private boolean accept(String symbol) {
		if (symbol.equals(peek())) {
			this.next++;
			return true;
		}
		return false;
	}

	private boolean acceptKeyword(String keyword) {
		String token = peek();
		if (token != null && token.toLowerCase(Locale.ROOT).equals(keyword)) {
			this.next++;
			return true;
		}
		return false;
	}

	private void expect(String symbol) {
		if (!accept(symbol)) {
			throw unexpected("\"" + symbol + "\"");
		}
	}

	private void expectKeyword(String keyword) {
		if (!acceptKeyword(keyword)) {
			throw unexpected("\"" + keyword + "\"");
		}
	}

	private String peek() {
		return (this.next < this.tokens.size()) ? this.tokens.get(this.next) : null;
	}

	private IllegalArgumentException unexpected(String expected) {
		String found = (peek() != null) ? "\"" + peek() + "\"" : "the end";
		return new IllegalArgumentException("is not a condition: expected " + expected + " but found " + found);
	}

	private static boolean isKeyword(String token) {
		return List.of("is", "not", "null", "in").contains(token.toLowerCase(Locale.ROOT));
	}

	/** Splits the text into identifiers and the symbols {@code ! != = ( ,  )}; blanks separate. */
	private static List<String> tokens(String text) {
		List<String> tokens = new ArrayList<>();
		int position = 0;
		while (position < text.length()) {
			char character = text.charAt(position);
			if (Character.isWhitespace(character)) {
				position++;
			}
			else if (Character.isJavaIdentifierPart(character)) {
				int start = position;
				while (position < text.length() && Character.isJavaIdentifierPart(text.charAt(position))) {
					position++;
				}
				tokens.add(text.substring(start, position));
			}
			else if (text.startsWith("!=", position)) {
				tokens.add("!=");
				position += 2;
			}
			else {
				tokens.add(String.valueOf(character));
				position++;
			}
		}
		return tokens;
	}

}
